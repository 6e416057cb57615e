package initcmd

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestReleaseSnapshot makes a release as a pushed tag would, with
// GoReleaser (.goreleaser.yaml), into a temporary folder, publishing
// nothing and skipping the image (which needs docker): `goreleaser check`
// passes; there is one archive for each of Linux, macOS and Windows on
// amd64 and arm64, named as the workflows init writes expect, holding the
// binary and listed with its checksum; the binary for this machine says
// the version stamped into it; and a site it inits installs it with the
// workflows' own install step and checks clean.
//
// GORELEASER names the goreleaser binary: `make release-snapshot` installs
// the version the release workflow uses and runs this test, and `make
// test` runs it once that is installed (.ci/run installs it).
func TestReleaseSnapshot(t *testing.T) {
	goreleaser := os.Getenv("GORELEASER")
	if goreleaser == "" {
		t.Skip("GORELEASER is not set: make release-snapshot installs GoReleaser and runs this test")
	}
	if testing.Short() {
		t.Skip("builds six release binaries; skipped with -short")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("GoReleaser releases a git commit, and %s is not a git checkout: %v", root, err)
	}
	// GoReleaser reads the commit only where it finds a remote to name
	// the repository by: a checkout without one gets the release's.
	env := os.Environ()
	if exec.Command("git", "-C", root, "ls-remote", "--get-url").Run() != nil {
		env = append(env, "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=remote.origin.url", "GIT_CONFIG_VALUE_0=https://github.com/latticework/latticework.git")
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goreleaser, args...)
		cmd.Dir = root
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("goreleaser %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("check")

	// The repository's configuration, writing into a temporary folder
	// rather than its dist/.
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	cfg, err := os.ReadFile(filepath.Join(root, ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`(?m)^dist:`).Match(cfg) {
		t.Fatal(".goreleaser.yaml sets dist:, which this test sets itself")
	}
	cfgFile := filepath.Join(tmp, "goreleaser.yaml")
	if err := os.WriteFile(cfgFile, append(cfg, "\ndist: "+dist+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	run("release", "--snapshot", "--clean", "--skip=docker", "--config", cfgFile)

	var meta struct{ Version string }
	data, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	if err == nil {
		err = json.Unmarshal(data, &meta)
	}
	if err != nil || meta.Version == "" {
		t.Fatalf("dist/metadata.json: %v, version %q", err, meta.Version)
	}
	g := readGoreleaser(t)

	// Every archive, and nothing else, listed with its checksum.
	var want, got []string
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, goarch := range []string{"amd64", "arm64"} {
			want = append(want, g.Archive(t, meta.Version, goos, goarch))
		}
	}
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tar.gz") || strings.HasSuffix(e.Name(), ".zip") {
			got = append(got, e.Name())
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("archives %q, want %q", got, want)
	}
	sums := readChecksums(t, filepath.Join(dist, g.Checksums(t, meta.Version)))
	if len(sums) != len(want) {
		t.Errorf("the checksums list %d files, want the %d archives: %v", len(sums), len(want), sums)
	}
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(data); sums[name] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: sha256 %x, the checksums say %q", name, sum, sums[name])
		}
		bin := "latticework"
		if strings.Contains(name, "_windows_") {
			bin += ".exe"
		}
		if files := archiveFiles(t, filepath.Join(dist, name)); files[bin] == nil {
			t.Errorf("%s holds no %s: %v", name, bin, slices.Sorted(maps.Keys(files)))
		}
	}

	// The binary for this machine, if it has one, runs and says its version.
	runnerOS := map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS]
	runnerArch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	if runnerOS == "" || runnerArch == "" {
		t.Skipf("no release archive runs on %s/%s", runtime.GOOS, runtime.GOARCH)
	}
	bin := filepath.Join(tmp, "latticework")
	if err := os.WriteFile(bin, archiveFiles(t, filepath.Join(dist, g.Archive(t, meta.Version, runtime.GOOS, runtime.GOARCH)))["latticework"], 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("latticework version: %v", err)
	}
	wantVersion := "latticework v" + meta.Version + " " + string(head[:12]) + " go"
	if !strings.HasPrefix(string(out), wantVersion) || !strings.HasSuffix(string(out), " "+runtime.GOOS+"/"+runtime.GOARCH+"\n") {
		t.Errorf("latticework version printed %q, want %q…", out, wantVersion)
	}

	// A snapshot is no release: the site it inits installs the latest
	// release, here the snapshot, by the workflows' own step.
	site := filepath.Join(tmp, "site")
	if out, err := exec.Command(bin, "init", site).CombinedOutput(); err != nil {
		t.Fatalf("latticework init: %v\n%s", err, out)
	}
	deploy := readWorkflow(t, site, "deploy.yml")
	if v := deploy.Env["LATTICEWORK_VERSION"]; v != "latest" {
		t.Errorf("a snapshot's workflows install %q, want latest", v)
	}
	releases := filepath.Join(tmp, "releases")
	if err := os.Mkdir(releases, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dist, filepath.Join(releases, "v"+meta.Version)); err != nil {
		t.Fatal(err)
	}
	r := runner{OS: runnerOS, Arch: runnerArch, Releases: releases, Repo: g.Repo(), Latest: meta.Version}
	out2, path, _, _, err := r.install(t, installStep(t, deploy.Jobs["build"].Steps).Run, "latest")
	if err != nil || len(path) != 1 {
		t.Fatalf("the install step: %v, PATH %q\n%s", err, path, out2)
	}
	check := exec.Command(filepath.Join(path[0], "latticework"), "check")
	check.Dir = site
	if out, err := check.CombinedOutput(); err != nil || !strings.Contains(string(out), "no problems") {
		t.Errorf("the installed latticework check in the site it wrote: %v\n%s", err, out)
	}
}

// readChecksums reads a checksums file, "<sha256>  <name>" a line.
func readChecksums(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("%s: %q is not <sha256>  <name>", file, sc.Text())
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sums
}

// archiveFiles returns the files of a .tar.gz or .zip archive by name.
func archiveFiles(t *testing.T, file string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if strings.HasSuffix(file, ".zip") {
		zr, err := zip.OpenReader(file)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			files[f.Name] = data
		}
		return files
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = data
	}
}
