package checkin

import (
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// sentryPath is the HTTP check-in path: /api/<project>/cron/<slug>/<key>/.
// A path of this shape makes a URL Sentry's, whatever the host (self-hosted
// Sentry, tests), hc-ping.com excepted.
var sentryPath = regexp.MustCompile(`^/api/([0-9]+)/cron/([^/]+)/([^/]+)/?$`)

// parse checks the URL and tells its kind. A sentry.io host with another
// path is a mistake in the URL, not a healthchecks server.
func parse(raw string) (*url.URL, string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", errors.New("check-in URL " + Mask(raw) + ": not an http(s) URL")
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "hc-ping.com" || strings.HasSuffix(host, ".hc-ping.com"):
		return u, KindHealthchecks, nil
	case sentryPath.MatchString(u.Path):
		return u, KindSentry, nil
	case host == "sentry.io" || strings.HasSuffix(host, ".sentry.io"):
		return nil, "", errors.New("check-in URL " + Mask(raw) +
			": a Sentry host, but not the HTTP check-in path /api/<project>/cron/<slug>/<key>/")
	}
	if strings.Trim(u.Path, "/") == "" {
		return nil, "", errors.New("check-in URL " + Mask(raw) + ": no check in the path (healthchecks: /<uuid>)")
	}
	return u, KindHealthchecks, nil
}

// secretKey says which query parameters carry a secret.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"token", "key", "secret", "pass", "auth", "sig"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// Mask is the URL as it may be printed: scheme and host kept; user info
// dropped; Sentry's path kept but its public key (…/cron/<slug>/***/);
// any other path, healthchecks' uuid or ping key and slug, as /***; the
// values of query parameters named like token, key, secret… as ***.
// What does not parse is *** altogether.
func Mask(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Scheme == "" {
		return "***"
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://")
	if u.User != nil {
		b.WriteString("***@")
	}
	b.WriteString(u.Host)
	if m := sentryPath.FindStringSubmatch(u.Path); m != nil && !strings.HasSuffix(u.Hostname(), "hc-ping.com") {
		b.WriteString("/api/" + m[1] + "/cron/" + m[2] + "/***/")
	} else if strings.Trim(u.Path, "/") != "" {
		b.WriteString("/***")
	}
	if q := u.Query(); len(q) > 0 {
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			for _, v := range q[k] {
				if secretKey(k) {
					v = "***"
				} else {
					v = url.QueryEscape(v)
				}
				parts = append(parts, url.QueryEscape(k)+"="+v)
			}
		}
		b.WriteString("?" + strings.Join(parts, "&"))
	}
	return b.String()
}

// secrets are the parts of u that Mask hides, to scrub from any text that
// might repeat them (an error from below, say).
func secrets(u *url.URL, kind string) []string {
	var out []string
	if m := sentryPath.FindStringSubmatch(u.Path); kind == KindSentry && m != nil {
		out = append(out, m[3])
	} else {
		for _, seg := range strings.Split(u.Path, "/") {
			if len(seg) >= 8 { // uuids, ping keys; not "ping" or "api"
				out = append(out, seg)
			}
		}
	}
	if u.User != nil {
		out = append(out, u.User.String())
	}
	for k, vs := range u.Query() {
		if secretKey(k) {
			out = append(out, vs...)
		}
	}
	return out
}

func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "***")
		}
	}
	return s
}
