package build

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/latticework/latticework/internal/parallel"
	"github.com/latticework/latticework/internal/publish"
)

// A dev-server run that must lay out many pages (a layout or stylesheet
// edit lays out every one) publishes the pages open in browsers first:
// it renders and checks the whole site as usual, lays out only the open
// pages, writes them with every other changed file but the pages, and
// returns, so that the open pages reload at once. The rest of the pages
// are laid out and written right after, in the background (Result.Rest);
// meanwhile the server holds requests for them (Browsers.Hold), so no
// page is served out of date, and the next run waits for them. Should
// laying them out fail, the files written first are put back as they
// were: the output stays the last good build's.

// Browsers is what the dev server knows of the pages open in browsers
// (serve.Handler).
type Browsers interface {
	// Open returns the site paths of the open pages, as "/docs/a/".
	Open() []string
	// Hold makes requests for pages but open wait until release is called.
	Hold(open []string) (release func())
}

// fastRenderMin is the number of pages left to lay out below which a run
// lays them out before publishing anything: fewer are done sooner than
// the open pages would reload.
const fastRenderMin = 32

// pageFile is the site path of the file of the page at url.
func pageFile(url string) string { return path.Clean("/" + path.Join(url, "index.html")) }

// openFirst makes the run lay out first the pages open in browsers.
func (k *keeping) openFirst(browsers Browsers) {
	if k == nil || k.out == nil || browsers == nil {
		return
	}
	open := browsers.Open()
	if len(open) == 0 {
		return
	}
	k.openPaths, k.open, k.later = open, map[string]bool{}, new([]func())
	for _, p := range open {
		p, _ = strings.CutSuffix(p, "index.html")
		k.open[pageFile(p)] = true
	}
}

// few reports whether the pages left to lay out are too few to publish
// the open pages first.
func (k *keeping) few() bool { return k != nil && k.later != nil && len(*k.later) <= fastRenderMin }

// layOutLater lays out the pages left until the open ones are published.
func (k *keeping) layOutLater(ctx context.Context) {
	later := *k.later
	k.later = nil
	parallel.For(len(later), runtime.GOMAXPROCS(0), func(i int) {
		if ctx.Err() == nil {
			later[i]()
		}
	})
}

// publishOpenFirst ends a run that laid out only the open pages: it
// writes what changed but the other pages, and leaves those to the
// background.
func (b *Builder) publishOpenFirst(ctx context.Context, r *run, start time.Time) (*Result, error) {
	k := r.keep
	release := b.opts.Browsers.Hold(k.openPaths)
	undo, err := k.out.flushPart(b.opts.Out)
	if err != nil {
		release()
		b.forget() // the output may be part-written: the next run rebuilds it whole
		return nil, err
	}
	res := &Result{Pages: r.pageCount(), Rendered: int(k.rendered.Load()), LaidOut: int(k.laidOut.Load()), Files: int(r.files.Load()), Warnings: r.errs.Warnings(), Elapsed: time.Since(start)}
	rest := make(chan error, 1)
	res.Rest = rest
	done := b.busy() // the search index waits for the rest too
	b.rest.Go(func() {
		err := b.publishRest(ctx, r, undo)
		release()
		done()
		rest <- err
	})
	return res, nil
}

// publishRest lays out the pages left and publishes the run, or puts the
// output back as it was with undo.
func (b *Builder) publishRest(ctx context.Context, r *run, undo func() error) error {
	k := r.keep
	k.layOutLater(ctx)
	r.mergeLocaleErrors()
	err := ctx.Err()
	if err == nil {
		err = r.errs.Err()
	}
	if err != nil {
		if undo() != nil {
			b.forget()
		}
		return err
	}
	return b.keepRun(r)
}

// flushPart writes the changed files into the output dest, as flush does
// for a part of a run, and returns a function that puts back the files
// they replaced and removes those they added.
func (d *delta) flushPart(dest string) (undo func() error, err error) {
	old := map[string][]byte{}
	for name := range d.changed {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err == nil {
			old[name] = data
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	written := d.changed
	d.changed = map[string][]byte{}
	undo = func() error {
		var errs []error
		for name := range written {
			p := filepath.Join(dest, filepath.FromSlash(name))
			if data, ok := old[name]; ok {
				errs = append(errs, publish.ReplaceFile(p, data))
				continue
			}
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			removeEmpty(dest, filepath.Dir(p))
		}
		return errors.Join(errs...)
	}
	part := &delta{changed: written}
	if _, err := part.flush(dest, false, nil); err != nil {
		return nil, errors.Join(err, undo())
	}
	return undo, nil
}

// removeEmpty removes dir, inside dest, and its parents up to dest while
// they are empty.
func removeEmpty(dest, dir string) {
	for ; dir != filepath.Clean(dest) && strings.HasPrefix(dir, filepath.Clean(dest)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
}
