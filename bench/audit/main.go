// Command audit runs Lighthouse on the built article, served on 127.0.0.1
// as a static host would serve it (compressed, assets cached for good, no
// live reload), on desktop and mobile, and prints the four category
// scores. Lighthouse and Chromium come from npm ci and the system
// (CHROME_PATH, else chromium on PATH).
//
//	go run ./bench/audit [-page /docs/.../trust-dynamics/]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/latticework/latticework"
	"github.com/latticework/latticework/internal/browsertest"
	"github.com/latticework/latticework/internal/build"
	"github.com/latticework/latticework/internal/cli"
	"github.com/latticework/latticework/internal/serve"
)

func main() {
	page := flag.String("page", "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/", "site `path` of the page to audit")
	flag.Parse()
	log.SetFlags(0)
	if err := run(*page); err != nil {
		log.Fatal(err)
	}
}

func run(page string) error {
	chrome := browsertest.ExecPath()
	if chrome == "" {
		return fmt.Errorf("no Chromium found: apt-get install chromium, or set CHROME_PATH")
	}
	lighthouse, err := filepath.Abs("node_modules/.bin/lighthouse")
	if err != nil {
		return err
	}
	if _, err := os.Stat(lighthouse); err != nil {
		return fmt.Errorf("lighthouse is not installed: run npm ci")
	}
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "latticework-audit-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "public")
	wasm, err := cli.ScorerDir(ctx, ".cache")
	if err != nil {
		return err
	}
	b := build.New(build.Options{Site: os.DirFS("."), Defaults: latticework.Default, Out: out, WASMDir: wasm, CacheDir: ".cache"})
	if _, err := b.Build(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := serve.New(out, serve.Options{Static: true})
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = srv.Serve(sctx, ln) }()
	url := "http://" + ln.Addr().String() + page

	fmt.Printf("Lighthouse on %s\n\n| form factor | Performance | Accessibility | Best Practices | SEO |\n| --- | --- | --- | --- | --- |\n", page)
	for _, form := range []string{"desktop", "mobile"} {
		args := []string{url, "--output=json", "--output-path=stdout", "--quiet",
			"--only-categories=performance,accessibility,best-practices,seo",
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=" + filepath.Join(tmp, "profile-"+form)}
		if form == "desktop" {
			args = append(args, "--preset=desktop")
		}
		cmd := exec.CommandContext(ctx, lighthouse, args...)
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
		cmd.Stderr = os.Stderr
		raw, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("lighthouse (%s): %w", form, err)
		}
		var report struct {
			Categories map[string]struct {
				Score float64 `json:"score"`
			} `json:"categories"`
			Audits map[string]struct {
				Title string   `json:"title"`
				Score *float64 `json:"score"`
			} `json:"audits"`
		}
		if err := json.Unmarshal(raw, &report); err != nil {
			return fmt.Errorf("lighthouse (%s) report: %w", form, err)
		}
		var scores []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			scores = append(scores, fmt.Sprintf("%.0f", report.Categories[c].Score*100))
		}
		fmt.Printf("| %s | %s |\n", form, strings.Join(scores, " | "))
		for id, a := range report.Audits {
			if a.Score != nil && *a.Score < 0.9 {
				defer fmt.Printf("  %s: %s (%s, score %.2f)\n", form, a.Title, id, *a.Score)
			}
		}
	}
	return nil
}
