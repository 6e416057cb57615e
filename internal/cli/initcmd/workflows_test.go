package initcmd

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a GitHub Actions workflow the tests look at.
type workflow struct {
	On          map[string]yaml.Node `yaml:"on"`
	Permissions map[string]string    `yaml:"permissions"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn      string `yaml:"runs-on"`
		Needs       string `yaml:"needs"`
		Environment struct {
			Name string `yaml:"name"`
			URL  string `yaml:"url"`
		} `yaml:"environment"`
		Steps []step `yaml:"steps"`
	} `yaml:"jobs"`
}

type step struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

// readWorkflow parses the workflow file name of the site in dir.
func readWorkflow(t *testing.T, dir, name string) workflow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", name, err, data)
	}
	return w
}

// uses lists the actions a job's steps use, and runs the commands.
func uses(steps []step) (actions, runs []string) {
	for _, s := range steps {
		if s.Uses != "" {
			actions = append(actions, s.Uses)
		}
		if s.Run != "" {
			runs = append(runs, s.Run)
		}
	}
	return actions, runs
}

// stepUsing returns the step that uses action.
func stepUsing(t *testing.T, steps []step, action string) step {
	t.Helper()
	for _, s := range steps {
		if s.Uses == action {
			return s
		}
	}
	t.Fatalf("no step uses %s", action)
	return step{}
}

// installStep checks that steps install latticework from its release
// with the script init writes, and returns that step.
func installStep(t *testing.T, steps []step) step {
	t.Helper()
	for _, s := range steps {
		if s.ID == "latticework" {
			if s.Run != installScript {
				t.Errorf("the install step runs\n%s\nwant install.sh:\n%s", s.Run, installScript)
			}
			return s
		}
	}
	t.Fatal("no step with id latticework installs latticework")
	return step{}
}

func TestWorkflows(t *testing.T) {
	dir := t.TempDir()
	if _, err := write(dir, siteData{Title: "Handbook", Release: "1.2.0"}); err != nil {
		t.Fatal(err)
	}
	const cacheKey = "latticework-${{ runner.os }}-${{ steps.latticework.outputs.version }}-"

	check := readWorkflow(t, dir, "check.yml")
	if _, ok := check.On["pull_request"]; !ok || len(check.On) != 1 {
		t.Errorf("check.yml runs on %v, want pull_request", check.On)
	}
	if want := map[string]string{"contents": "read"}; !maps.Equal(check.Permissions, want) {
		t.Errorf("check.yml permissions %v, want %v", check.Permissions, want)
	}
	if got := check.Env["LATTICEWORK_VERSION"]; got != "1.2.0" {
		t.Errorf("check.yml installs latticework %q, want the version that wrote it, 1.2.0", got)
	}
	job := check.Jobs["check"]
	if len(check.Jobs) != 1 || job.RunsOn != "ubuntu-latest" {
		t.Fatalf("check.yml jobs %v, want one, check, on ubuntu-latest", check.Jobs)
	}
	actions, runs := uses(job.Steps)
	if want := []string{"actions/checkout@v4", "actions/cache/restore@v4"}; !slices.Equal(actions, want) {
		t.Errorf("check.yml uses %v, want %v", actions, want)
	}
	installStep(t, job.Steps)
	if last := runs[len(runs)-1]; last != "latticework check -ci" {
		t.Errorf("check.yml ends by running %q, want latticework check -ci", last)
	}
	cache := stepUsing(t, job.Steps, "actions/cache/restore@v4")
	if cache.With["path"] != ".cache" || cache.With["restore-keys"] != cacheKey || cache.With["key"] != cacheKey+"${{ github.sha }}" {
		t.Errorf("check.yml restores the cache with %v", cache.With)
	}

	deploy := readWorkflow(t, dir, "deploy.yml")
	var push struct{ Branches []string }
	if n, ok := deploy.On["push"]; !ok || n.Decode(&push) != nil || !slices.Equal(push.Branches, []string{"main"}) {
		t.Errorf("deploy.yml runs on %v, want pushes to main", deploy.On)
	}
	if want := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}; !maps.Equal(deploy.Permissions, want) {
		t.Errorf("deploy.yml permissions %v, want %v", deploy.Permissions, want)
	}
	if deploy.Concurrency.Group != "pages" || deploy.Concurrency.CancelInProgress {
		t.Errorf("deploy.yml concurrency %+v, want group pages, a deployment in progress left to finish", deploy.Concurrency)
	}
	if got := deploy.Env["LATTICEWORK_VERSION"]; got != "1.2.0" {
		t.Errorf("deploy.yml installs latticework %q, want 1.2.0", got)
	}
	build := deploy.Jobs["build"]
	actions, runs = uses(build.Steps)
	if want := []string{"actions/checkout@v4", "actions/configure-pages@v5", "actions/cache@v4", "actions/upload-pages-artifact@v3"}; !slices.Equal(actions, want) {
		t.Errorf("deploy.yml's build uses %v, want %v", actions, want)
	}
	installStep(t, build.Steps)
	if pages := stepUsing(t, build.Steps, "actions/configure-pages@v5"); pages.ID != "pages" {
		t.Errorf("configure-pages has id %q; the build reads its base_url as steps.pages", pages.ID)
	}
	if want := `latticework build -baseURL "${{ steps.pages.outputs.base_url }}"`; !slices.Contains(runs, want) {
		t.Errorf("deploy.yml runs %q, want %s", runs, want)
	}
	if got := stepUsing(t, build.Steps, "actions/upload-pages-artifact@v3").With["path"]; got != "public" {
		t.Errorf("deploy.yml uploads %q, want public", got)
	}
	cache = stepUsing(t, build.Steps, "actions/cache@v4")
	if cache.With["path"] != ".cache" || cache.With["restore-keys"] != cacheKey || cache.With["key"] != cacheKey+"${{ github.sha }}" {
		t.Errorf("deploy.yml caches with %v", cache.With)
	}
	dep := deploy.Jobs["deploy"]
	if len(deploy.Jobs) != 2 || dep.Needs != "build" || dep.Environment.Name != "github-pages" ||
		dep.Environment.URL != "${{ steps.deployment.outputs.page_url }}" {
		t.Errorf("deploy.yml's deploy job: %+v", dep)
	}
	if s := stepUsing(t, dep.Steps, "actions/deploy-pages@v4"); s.ID != "deployment" {
		t.Errorf("deploy-pages has id %q, which the environment's url reads as steps.deployment", s.ID)
	}

	// The released binary, not Go.
	for name, w := range map[string]workflow{"check.yml": check, "deploy.yml": deploy} {
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				if strings.Contains(s.Uses, "setup-go") || strings.Contains(s.Run, "go install") {
					t.Errorf("%s installs Go: %+v", name, s)
				}
			}
		}
	}
}

// goreleaser is what the tests read of .goreleaser.yaml: where and under
// which names a release publishes its archives.
type goreleaser struct {
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		Goos   []string `yaml:"goos"`
		Goarch []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate    string   `yaml:"name_template"`
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	} `yaml:"checksum"`
	Release struct {
		GitHub struct{ Owner, Name string } `yaml:"github"`
	} `yaml:"release"`
}

// readGoreleaser reads the repository's .goreleaser.yaml.
func readGoreleaser(t *testing.T) goreleaser {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var g goreleaser
	if err := yaml.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Builds) != 1 || len(g.Archives) != 1 {
		t.Fatalf(".goreleaser.yaml has %d builds and %d archives; this test reads one of each", len(g.Builds), len(g.Archives))
	}
	return g
}

// fill executes one of GoReleaser's name templates, which
// .goreleaser.yaml keeps to these fields.
func (g goreleaser) fill(t *testing.T, tmpl, version, goos, goarch string) string {
	t.Helper()
	tp, err := template.New("").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	data := map[string]string{"ProjectName": g.ProjectName, "Version": version, "Os": goos, "Arch": goarch}
	if err := tp.Execute(&b, data); err != nil {
		t.Fatalf("%q: %v (the test fills in only ProjectName, Version, Os and Arch)", tmpl, err)
	}
	return b.String()
}

// Archive is the name of the release archive for goos/goarch.
func (g goreleaser) Archive(t *testing.T, version, goos, goarch string) string {
	a := g.Archives[0]
	format := a.Formats[0]
	for _, o := range a.FormatOverrides {
		if o.Goos == goos {
			format = o.Formats[0]
		}
	}
	return g.fill(t, a.NameTemplate, version, goos, goarch) + "." + format
}

// Checksums is the name of the release's checksums file.
func (g goreleaser) Checksums(t *testing.T, version string) string {
	return g.fill(t, g.Checksum.NameTemplate, version, "", "")
}

// Repo is the GitHub repository releases are published to.
func (g goreleaser) Repo() string {
	return "https://github.com/" + g.Release.GitHub.Owner + "/" + g.Release.GitHub.Name
}

// fakeCurl stands in for curl in the install step: it serves the folder
// $FAKE_RELEASES/v<version>/ as the GitHub release v<version> of
// $FAKE_REPO, $FAKE_LATEST as its latest, and logs each URL.
const fakeCurl = `#!/usr/bin/env bash
out= write=
while [ $# -gt 1 ]; do
  case $1 in
    -o) out=$2; shift ;;
    -w) write=$2; shift ;;
  esac
  shift
done
url=$1
echo "$url" >> "$FAKE_LOG"
case $url in
  "$FAKE_REPO/releases/latest")
    final=$FAKE_REPO/releases
    if [ -n "$FAKE_LATEST" ]; then final=$FAKE_REPO/releases/tag/v$FAKE_LATEST; fi
    if [ "$write" = '%{url_effective}' ]; then printf '%s' "$final"; fi ;;
  "$FAKE_REPO/releases/download/"*)
    src=$FAKE_RELEASES/${url#"$FAKE_REPO/releases/download/"}
    if [ ! -f "$src" ]; then echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; fi
    cp "$src" "$out" ;;
  *) echo "curl: (6) Could not resolve host for $url" >&2; exit 6 ;;
esac
`

// runner is a GitHub Actions runner the install step runs on, with a
// fake curl serving releases from a folder.
type runner struct {
	OS, Arch string // RUNNER_OS and RUNNER_ARCH: Linux, X64
	Releases string // a folder holding v<version>/ folders
	Repo     string // the repository URL they are served as
	Latest   string // the latest release's version, "" for none
}

// install runs the install step's script as GitHub Actions would, and
// returns its output, the folders it added to GITHUB_PATH, the outputs
// it set, the URLs it fetched, and its error.
func (r runner) install(t *testing.T, script, version string) (out string, path, outputs, fetched []string, err error) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("the install step is a bash script: bash not found")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "curl"), []byte(fakeCurl), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(tmp, "step.sh")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"GITHUB_PATH": filepath.Join(tmp, "path"), "GITHUB_OUTPUT": filepath.Join(tmp, "output"), "FAKE_LOG": filepath.Join(tmp, "log")}
	runnerTemp := filepath.Join(tmp, "runner-temp")
	if err := os.Mkdir(runnerTemp, 0o755); err != nil {
		t.Fatal(err)
	}
	// As GitHub Actions runs a run step: bash --noprofile --norc -eo pipefail.
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", file)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"RUNNER_OS="+r.OS, "RUNNER_ARCH="+r.Arch, "RUNNER_TEMP="+runnerTemp,
		"LATTICEWORK_VERSION="+version,
		"FAKE_REPO="+r.Repo, "FAKE_RELEASES="+r.Releases, "FAKE_LATEST="+r.Latest,
	)
	for k, v := range files {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	b, err := cmd.CombinedOutput()
	lines := func(name string) []string {
		data, _ := os.ReadFile(files[name])
		return strings.Fields(string(data))
	}
	return string(b), lines("GITHUB_PATH"), lines("GITHUB_OUTPUT"), lines("FAKE_LOG"), err
}

// TestInstallStep runs the workflows' install step against a fake
// release made under the names .goreleaser.yaml gives its archives, on
// each kind of runner: it downloads the runner's archive from the
// repository GoReleaser publishes to, checks its checksum, and puts the
// binary on the PATH; a tampered archive installs nothing.
func TestInstallStep(t *testing.T) {
	g := readGoreleaser(t)
	dir := t.TempDir()
	if _, err := write(dir, siteData{Title: "Handbook", Release: "1.2.0"}); err != nil {
		t.Fatal(err)
	}
	script := installStep(t, readWorkflow(t, dir, "deploy.yml").Jobs["build"].Steps).Run

	const version = "1.2.0"
	releases := t.TempDir()
	release := filepath.Join(releases, "v"+version)
	if err := os.Mkdir(release, 0o755); err != nil {
		t.Fatal(err)
	}
	var sums strings.Builder
	platforms := [][2]string{{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "amd64"}, {"darwin", "arm64"}}
	for _, p := range platforms {
		if !slices.Contains(g.Builds[0].Goos, p[0]) || !slices.Contains(g.Builds[0].Goarch, p[1]) {
			t.Fatalf(".goreleaser.yaml builds no %s/%s binary, which the install step downloads", p[0], p[1])
		}
		name := g.Archive(t, version, p[0], p[1])
		// A stand-in binary saying which archive it came from.
		data := tarGz(t, map[string]string{"latticework": "#!/bin/sh\necho latticework v" + version + " from " + name + "\n", "README.md": "readme"})
		if err := os.WriteFile(filepath.Join(release, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(data), name)
	}
	if err := os.WriteFile(filepath.Join(release, g.Checksums(t, version)), []byte(sums.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ os, arch, goos, goarch string }{
		{"Linux", "X64", "linux", "amd64"},
		{"Linux", "ARM64", "linux", "arm64"},
		{"macOS", "X64", "darwin", "amd64"},
		{"macOS", "ARM64", "darwin", "arm64"},
	} {
		r := runner{OS: tc.os, Arch: tc.arch, Releases: releases, Repo: g.Repo()}
		out, path, outputs, fetched, err := r.install(t, script, version)
		if err != nil {
			t.Errorf("%s %s: %v\n%s", tc.os, tc.arch, err, out)
			continue
		}
		archive := g.Archive(t, version, tc.goos, tc.goarch)
		base := g.Repo() + "/releases/download/v" + version + "/"
		if want := []string{base + archive, base + g.Checksums(t, version)}; !slices.Equal(fetched, want) {
			t.Errorf("%s %s fetched %q, want %q", tc.os, tc.arch, fetched, want)
		}
		if !strings.Contains(out, "latticework v"+version+" from "+archive+"\n") || !strings.Contains(out, archive+": OK") {
			t.Errorf("%s %s: the step did not check and run the binary of %s:\n%s", tc.os, tc.arch, archive, out)
		}
		if len(path) != 1 || !strings.HasSuffix(path[0], string(filepath.Separator)+"latticework") {
			t.Errorf("%s %s added %q to GITHUB_PATH, want its latticework folder", tc.os, tc.arch, path)
		} else if _, err := os.Stat(filepath.Join(path[0], "latticework")); err != nil {
			t.Error(err)
		}
		if !slices.Equal(outputs, []string{"version=" + version}) {
			t.Errorf("%s %s set outputs %q, want version=%s", tc.os, tc.arch, outputs, version)
		}
	}

	linux := runner{OS: "Linux", Arch: "X64", Releases: releases, Repo: g.Repo(), Latest: version}
	// "latest", as a build that is not a release writes: the version
	// GitHub redirects to.
	if out, _, outputs, _, err := linux.install(t, script, "latest"); err != nil || !slices.Equal(outputs, []string{"version=" + version}) {
		t.Errorf("latest: %v, outputs %q\n%s", err, outputs, out)
	}
	noRelease := linux
	noRelease.Latest = ""
	if out, path, _, _, err := noRelease.install(t, script, "latest"); err == nil || !strings.Contains(out, "::error::"+g.Repo()+" has no release yet") || len(path) > 0 {
		t.Errorf("latest with no release: %v, PATH %q\n%s", err, path, out)
	}
	if out, path, _, _, err := linux.install(t, script, "1.1.0"); err == nil || !strings.Contains(out, "404") || len(path) > 0 {
		t.Errorf("a version never released: %v, PATH %q\n%s", err, path, out)
	}
	windows := linux
	windows.OS = "Windows"
	if out, _, _, _, err := windows.install(t, script, version); err == nil || !strings.Contains(out, "::error::these steps install latticework on Linux and macOS runners, not Windows") {
		t.Errorf("Windows: %v\n%s", err, out)
	}

	// An archive that is not the one the checksums name.
	archive := filepath.Join(release, g.Archive(t, version, "linux", "amd64"))
	tampered := tarGz(t, map[string]string{"latticework": "#!/bin/sh\necho tampered\n"})
	if err := os.WriteFile(archive, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, path, _, _, err := linux.install(t, script, version); err == nil || strings.Contains(out, "tampered") || len(path) > 0 {
		t.Errorf("a tampered archive: %v, PATH %q\n%s", err, path, out)
	}
}

// tarGz returns a .tar.gz archive of files, executable.
func tarGz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, data := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
