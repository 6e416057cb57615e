// Package siteurl checks and resolves the URLs a page's front matter gives
// (image, custom_edit_url), so that what the layouts print is always a
// path inside the site or an http(s) URL, never a string glued to the
// base URL or a script.
package siteurl

import (
	"net/url"
	"path"
	"strings"
)

// Check says what is wrong with ref as a front matter URL: "" when it is a
// path on the site ("/img/a.png"), a path relative to the page
// ("img/a.png") or an http(s) URL.
func Check(ref string) string {
	const forms = "a path on the site (/img/a.png), a path relative to the page (img/a.png) or an http(s) URL (https://example.org/a.png)"
	u, err := url.Parse(ref)
	switch {
	case err != nil:
		return "is not a URL: write " + forms
	case u.Scheme == "http" || u.Scheme == "https":
		if u.Host == "" {
			return "has no host: write " + forms
		}
	case u.Scheme != "":
		return "is a " + u.Scheme + ": URL: write " + forms
	case u.Host != "" || strings.HasPrefix(ref, "//"):
		return "names a host without a scheme: start it with https://"
	case strings.Contains(ref, `\`):
		return "holds a backslash: separate folders with /"
	}
	return ""
}

// IsAbs reports whether ref is an http(s) URL.
func IsAbs(ref string) bool {
	u, err := url.Parse(ref)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https")
}

// Resolve turns ref, which Check accepts, into a site path or an http(s)
// URL: an http(s) URL is kept, a site path is cleaned, a relative path is
// taken relative to the page's site path pageURL ("/docs/a/"), as a
// browser would. ok is false when a path climbs above the site's root.
func Resolve(pageURL, ref string) (string, bool) {
	if IsAbs(ref) {
		return ref, true
	}
	if strings.HasPrefix(ref, "/") {
		pageURL = "/"
	}
	p, rest := ref, ""
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		p, rest = ref[:i], ref[i:]
	}
	dir := strings.Split(strings.Trim(path.Dir(pageURL+"x"), "/"), "/")
	if dir[0] == "" {
		dir = dir[:0]
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(dir) == 0 {
				return "", false
			}
			dir = dir[:len(dir)-1]
		default:
			dir = append(dir, seg)
		}
	}
	out := "/" + strings.Join(dir, "/")
	if strings.HasSuffix(p, "/") && out != "/" {
		out += "/"
	}
	return out + rest, true
}
