// Package latticework holds the default site that ships inside the
// Latticework binaries: the layouts every site starts from, and the
// Trust Dynamics library as example content, so `make serve` has a site to
// show on any machine.
package latticework

import "embed"

// Default is the default site: latticework.yaml, content/ and layouts/.
//
//go:embed latticework.yaml content layouts
var Default embed.FS
