package cli

import "testing"

// TestIsRelease: only a tagged version is a release a site's workflow can
// download; what go install …@main or a modified checkout records is not.
func TestIsRelease(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.2.0":                                     true,
		"v1.3.0-rc.1":                                true,
		"v0.0.0-20261205141700-2a99883f00aa":         false,
		"v1.2.1-0.20261205141700-2a99883f00aa":       false,
		"v1.2.0+dirty":                               false,
		"v1.2.1-0.20261205141700-2a99883f00aa+dirty": false,
		"(devel)":                                    false,
		"":                                           false,
		"1.2.0":                                      false,
	} {
		if got := IsRelease(v); got != want {
			t.Errorf("IsRelease(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestBuildInfoStamped: a release build's stamped version wins over the
// go command's, and a snapshot is not a release.
func TestBuildInfoStamped(t *testing.T) {
	defer func(v, c, r string) { stampedVersion, stampedCommit, stampedRelease = v, c, r }(stampedVersion, stampedCommit, stampedRelease)
	stampedVersion, stampedCommit, stampedRelease = "v1.2.0", "2a99883f00aa", "true"
	if b := BuildInfo(); b != (Build{Version: "v1.2.0", Commit: "2a99883f00aa", Release: true}) {
		t.Errorf("release: %+v", b)
	}
	stampedVersion, stampedRelease = "v1.2.1-SNAPSHOT-2a99883", "false"
	if b := BuildInfo(); b.Release || b.Version != "v1.2.1-SNAPSHOT-2a99883" {
		t.Errorf("snapshot: %+v", b)
	}
}
