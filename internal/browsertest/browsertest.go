// Package browsertest starts headless Chromium for tests that must see a
// page as a reader does. Tests skip, saying why, where Chromium is not
// installed; CI installs it, so there they always run.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ExecPath finds Chromium: $CHROME_PATH, else chromium on PATH.
func ExecPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a fresh headless Chromium with a window of the given size and
// returns a browser context for chromedp, closed when the test ends. It
// skips the test when no Chromium is installed.
func New(t testing.TB, width, height int) context.Context {
	t.Helper()
	path := ExecPath()
	if path == "" {
		t.Skip("Chromium not installed (apt-get install chromium, or set CHROME_PATH): skipping browser test")
	}
	// An explicit option list rather than chromedp's defaults: the flags
	// that stop background networking keep Chromium from stalling on a
	// closed network, and a fresh profile keeps tests independent.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 2*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	// Headless windows have a minimum width, so phone sizes are emulated.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	return bctx
}

// Screenshot saves a full-page PNG to the path named by
// $LATTICEWORK_SCREENSHOTS/<name>, when that variable is set, so a person
// can look at what the test saw.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LATTICEWORK_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Error(err)
		return
	}
	if err := os.WriteFile(dir+"/"+name, png, 0o644); err != nil {
		t.Error(err)
	}
}
