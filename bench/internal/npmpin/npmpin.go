// Package npmpin installs the npm packages a benchmark pins in its own
// folder (bench/<name>/package.json and package-lock.json) into the
// checkout's .cache/<name>/, once per lock file.
package npmpin

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// Root finds the Latticework checkout the command runs in: the folder
// above the working directory that holds bench/<name>/package.json.
func Root(name string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "bench", name, "package.json")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run it in a Latticework checkout")
		}
		dir = parent
	}
}

// Install runs `npm ci` in root/.cache/<name>/ with bench/<name>'s
// package files, unless the lock file installed there is already this
// one, and returns the node_modules folder. what names the packages in
// the message it writes to log. binLinks false leaves out the links npm
// puts in node_modules/.bin, for a cache that must hold no symbolic link.
func Install(root, name, what string, binLinks bool, log io.Writer) (string, error) {
	src := filepath.Join(root, "bench", name)
	dst := filepath.Join(root, ".cache", name)
	modules := filepath.Join(dst, "node_modules")
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		return "", err
	}
	installed, _ := os.ReadFile(filepath.Join(modules, ".package-lock.json.src"))
	if bytes.Equal(installed, lock) {
		return modules, nil
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return "", err
	}
	for _, f := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err == nil {
			err = os.WriteFile(filepath.Join(dst, f), data, 0o644)
		}
		if err != nil {
			return "", err
		}
	}
	fmt.Fprintln(log, "installing", what, "into", dst, "(npm ci)…")
	args := []string{"ci", "--no-audit", "--no-fund"}
	if !binLinks {
		args = append(args, "--no-bin-links")
	}
	cmd := exec.Command("npm", args...)
	cmd.Dir = dst
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm ci in %s: %v", dst, err)
	}
	// Remember which lock file this install is of.
	return modules, os.WriteFile(filepath.Join(modules, ".package-lock.json.src"), lock, 0o644)
}
