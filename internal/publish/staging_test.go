//go:build unix

package publish_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/publish"
)

// TestPublishedModes: the output's folders and files get the ordinary
// modes, 0755 and 0644 less the umask, so that a web server running as
// another user can read them.
func TestPublishedModes(t *testing.T) {
	for _, tc := range []struct {
		umask     int
		dir, file os.FileMode
	}{
		{0o022, 0o755, 0o644},
		{0o027, 0o750, 0o640},
	} {
		old := syscall.Umask(tc.umask)
		dest := filepath.Join(t.TempDir(), "public")
		out, err := publish.Stage(dest, nil)
		if err == nil {
			err = out.WriteRaw("guide/index.html", []byte("<p>hi"))
		}
		if err == nil {
			err = out.Commit()
		}
		// The dev server's rebuilds write files into the live output.
		mem := publish.Memory{}
		if err == nil {
			err = mem.WriteRaw("guide/more/index.html", []byte("<p>more"))
		}
		if err == nil {
			err = mem.Flush(dest)
		}
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]os.FileMode{
			"":                      tc.dir,
			"guide":                 tc.dir,
			"guide/index.html":      tc.file,
			"guide/more":            tc.dir,
			"guide/more/index.html": tc.file,
		} {
			fi, err := os.Stat(filepath.Join(dest, name))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != want {
				t.Errorf("umask %03o: public/%s has mode %03o, want %03o", tc.umask, name, got, want)
			}
		}
	}
}

// TestStageRemovesAbandoned: staging folders that no build holds, left by
// a killed build or a cut-short removal, are removed by the next build;
// other files beside the output are not.
func TestStageRemovesAbandoned(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, name := range []string{
		".public.staging-123/guide/index.html",
		".public.staging-456.old/index.html",
		".other.staging-1/keep.html",
		"public-notes/keep.txt",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".other.staging-1", filepath.Base(out.Dir()), "public-notes"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Errorf("beside the output: %v, want %v", names, want)
	}
}

// TestStageKeepsFoldersInUse: a build's staging folder survives another
// build starting beside it, in this process or in another, until the
// process that writes it is killed.
func TestStageKeepsFoldersInUse(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	first, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteRaw("a.html", []byte("first")); err != nil {
		t.Fatal(err)
	}

	// Another process, building the same output, is killed mid-way.
	cmd := exec.Command(os.Args[0], "-test.run=^TestStagingHelper$")
	cmd.Env = append(os.Environ(), "STAGING_HELPER_DEST="+dest)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal("helper:", err)
	}
	killed := line[:len(line)-1]

	second, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{first.Dir(), killed} {
		if _, err := os.Stat(filepath.Join(d, "a.html")); err != nil {
			t.Errorf("a staging folder in use was removed: %v", err)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	second.Close()
	third, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed build's staging folder is still there: %v", err)
	}
	if _, err := os.Stat(second.Dir()); !os.IsNotExist(err) {
		t.Errorf("a staging folder given up (Close) is still there: %v", err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dest, "a.html")); string(data) != "first" {
		t.Errorf("the first build's output: %q, %v", data, err)
	}
}

// TestStagingHelper is the build that TestStageKeepsFoldersInUse kills:
// it stages a file, prints its staging folder, and waits.
func TestStagingHelper(t *testing.T) {
	dest := os.Getenv("STAGING_HELPER_DEST")
	if dest == "" {
		t.Skip("run by TestStageKeepsFoldersInUse")
	}
	out, err := publish.Stage(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.WriteRaw("a.html", []byte("killed")); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString(out.Dir() + "\n")
	time.Sleep(time.Minute)
}
