package siteurl

import "testing"

func TestCheck(t *testing.T) {
	for ref, want := range map[string]string{
		"/img/a.png":               "",
		"img/a.png":                "",
		"../a.png":                 "",
		"https://ex.com/a.png":     "",
		"http://ex.com/a.png?x=1":  "",
		"javascript:alert(1)":      "is a javascript: URL: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)",
		"data:image/png;base64,AA": "is a data: URL: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)",
		"https:/a.png":             "has no host: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)",
		"//ex.com/a.png":           "names a host without a scheme: start it with https://",
		`img\a.png`:                "holds a backslash: separate folders with /",
		"a\x01.png":                "is not a URL: write a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)",
	} {
		if got := Check(ref); got != want {
			t.Errorf("Check(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, c := range []struct {
		page, ref, want string
		ok              bool
	}{
		{"/docs/a/", "img/a.png", "/docs/a/img/a.png", true},
		{"/docs/a/", "../b.png", "/docs/b.png", true},
		{"/docs/a/", "./x/../y.png#z", "/docs/a/y.png#z", true},
		{"/", "img/a.png", "/img/a.png", true},
		{"/docs/a/", "../../a.png", "/a.png", true},
		{"/docs/a/", "../../../etc/passwd", "", false},
		{"/", "../a.png", "", false},
		{"/docs/a/", "/img/a.png", "/img/a.png", true},
		{"/docs/a/", "/img/../a.png", "/a.png", true},
		{"/docs/a/", "/../a.png", "", false},
		{"/docs/a/", "https://ex.com/a.png", "https://ex.com/a.png", true},
	} {
		got, ok := Resolve(c.page, c.ref)
		if got != c.want || ok != c.ok {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %v", c.page, c.ref, got, ok, c.want, c.ok)
		}
	}
}
