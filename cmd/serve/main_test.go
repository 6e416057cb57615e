//go:build unix

package main

import (
	"bufio"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latticework/latticework/internal/wasmbuild"
)

// TestStop starts the preview server as a real process, the way a
// contributor does, stops it the way they do, and checks that nothing is
// left listening on its port: a server outliving make would keep the port,
// and the next make serve would fail with "address already in use".
func TestStop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the serve command: not with -short")
	}
	site := t.TempDir()
	for name, data := range map[string]string{
		"content/index.md": "---\ntitle: Home\n---\n# Home\n",
		// A module newer than the scorer's sources, so that make serve,
		// run in a checkout whose scorer was edited, does not spend 20 s
		// compiling it.
		".cache/wasm/" + wasmbuild.Module:  "",
		".cache/wasm/" + wasmbuild.Support: "",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(site, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(t.TempDir(), "serve")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run("serve, "+sig.String(), func(t *testing.T) {
			port := freePort(t)
			cmd := exec.Command(bin, "-src", site, "-port", port)
			stopAndCheck(t, cmd, port, func(p *os.Process) error { return p.Signal(sig) })
		})
	}

	for _, tc := range []struct {
		name string
		stop func(make *os.Process) error
	}{
		// What a terminal's Ctrl-C does: interrupt the whole process group.
		{"make serve, Ctrl-C", func(p *os.Process) error { return syscall.Kill(-p.Pid, syscall.SIGINT) }},
		// What an editor, a process manager or kill does: signal make alone.
		{"make serve, SIGTERM to make", func(p *os.Process) error { return p.Signal(syscall.SIGTERM) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exec.LookPath("make"); err != nil {
				t.Skip("make not found: install it to test make serve")
			}
			// Read, so that go test's cache knows the result depends on it.
			if mk, err := os.ReadFile(filepath.Join(root, "Makefile")); err != nil || !strings.Contains(string(mk), "\nserve:") {
				t.Fatalf("no serve target in %s (%v)", filepath.Join(root, "Makefile"), err)
			}
			port := freePort(t)
			cmd := exec.Command("make", "--no-print-directory", "-C", root, "serve", "SERVE_FLAGS=-src "+site+" -port "+port)
			stopAndCheck(t, cmd, port, tc.stop)
		})
	}
}

// stopAndCheck starts cmd in a process group of its own, waits until it
// serves on port, stops it with stop, and checks that it exits and frees
// the port.
func stopAndCheck(t *testing.T, cmd *exec.Cmd, port string, stop func(*os.Process) error) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A pipe of our own rather than StdoutPipe: a server left behind would
	// hold it open, and Wait must still return when make exits.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd.Stdout = w
	// A file, for the same reason.
	stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd.Stderr = stderr
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	serving := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "Serving ") {
				close(serving)
				break
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// fail ends the whole process group, so that none outlives the test,
	// and reports what it wrote.
	fail := func(msg string) {
		t.Helper()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		t.Fatalf("%s: %s\n%s", strings.Join(cmd.Args, " "), msg, written(stderr))
	}
	select {
	case <-serving:
	case <-exited:
		t.Fatalf("%s ended without serving:\n%s", strings.Join(cmd.Args, " "), written(stderr))
	case <-time.After(2 * time.Minute):
		fail("not serving after 2 minutes")
	}

	if err := stop(cmd.Process); err != nil {
		fail(err.Error())
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		fail("still running 10 s after the signal")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("%s exited, but port %s is still taken: %v\n%s", strings.Join(cmd.Args, " "), port, err, written(stderr))
	}
	ln.Close()
}

// freePort returns a port of 127.0.0.1 that nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// written returns what was written to f.
func written(f *os.File) string {
	b, _ := os.ReadFile(f.Name())
	return string(b)
}
