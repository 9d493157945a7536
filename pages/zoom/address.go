package zoom

import (
	"net/url"
	"slices"
	"strings"
)

// An app's address in the Marketplace. The live site has two shapes
// (docs/procedure.md, section 2): a General App's pages live at
// …/develop/applications/{appId}/<section>?mode=dev (or mode=prod), a
// classic app's and a Server-to-Server app's at …/develop/apps/{appId}/<tab>.
// The page objects accept either, wherever they wait for an app's page.
var addressLabels = struct {
	develop string
	apps    []string // the segment after develop, before the app's ID
}{
	develop: "develop",
	apps:    []string{"applications", "apps"},
}

// AppIDFromURL is the app's ID in a Marketplace address of either shape
// (…/develop/apps/{id}/…, …/develop/applications/{id}/…?mode=dev), whatever
// the host, query or fragment; "" for an address that is no app's.
func AppIDFromURL(u string) string {
	p := u
	if parsed, err := url.Parse(u); err == nil {
		p = parsed.EscapedPath()
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	segs := strings.Split(p, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] != addressLabels.develop || !slices.Contains(addressLabels.apps, segs[i+1]) || segs[i+2] == "" {
			continue
		}
		id, err := url.PathUnescape(segs[i+2])
		if err != nil {
			return segs[i+2]
		}
		return id
	}
	return ""
}

// IsAppURL says whether an address is an app's page in the Marketplace, in
// either shape.
func IsAppURL(u string) bool { return AppIDFromURL(u) != "" }
