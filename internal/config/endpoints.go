package config

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
)

// Where the browser comes from, and which part of the suite a machine runs.
const (
	// EnvBrowserURL is a Chrome DevTools endpoint of a browser someone else
	// runs: ws://host:port/devtools/browser/<id>, or http://host:port, resolved
	// through /json/version. The harness only opens and closes its own
	// incognito contexts in it; it never closes that browser.
	EnvBrowserURL = "E2E_BROWSER_URL"
	// EnvRodManagerURL is a go-rod launcher.Manager (the ghcr.io/go-rod/rod
	// image): it launches a browser on its side for the connection and stops
	// it when the connection closes.
	EnvRodManagerURL = "E2E_ROD_MANAGER_URL"
	// EnvShard is "i/n": run shard i of n (1 <= i <= n) of the e2e suite,
	// top-level tests split by a hash of their names (scripts/shard.sh).
	EnvShard = "E2E_SHARD"

	browserURLExampleValue = "ws://127.0.0.1:9222/devtools/browser/<id> or http://127.0.0.1:9222"
	managerURLExampleValue = "ws://127.0.0.1:7317"
	shardExampleValue      = "2/4"
)

// Shard is one part of a suite split over Count machines; Index counts from 1.
// The zero Shard is the whole suite.
type Shard struct{ Index, Count int }

// Whole says whether s is the zero Shard: no split.
func (s Shard) Whole() bool { return s.Count == 0 }

func (s Shard) String() string {
	if s.Whole() {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// ParseShard reads "i/n" (1 <= i <= n); "" is the whole suite. The error
// names E2E_SHARD.
func ParseShard(v string) (Shard, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return Shard{}, nil
	}
	is, ns, ok := strings.Cut(v, "/")
	i, erri := strconv.Atoi(strings.TrimSpace(is))
	n, errn := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || erri != nil || errn != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("%s=%q: must be i/n with 1 <= i <= n (example: %s; unset it to run everything)",
			EnvShard, v, shardExampleValue)
	}
	return Shard{Index: i, Count: n}, nil
}

// checkEndpoint returns why s is not an absolute ws(s) or http(s) URL, or "".
func checkEndpoint(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "not an absolute URL"
	}
	switch strings.ToLower(u.Scheme) {
	case "ws", "wss", "http", "https":
		return ""
	}
	return "scheme " + strconv.Quote(u.Scheme) + " is none of ws, wss, http, https"
}

// remoteSettings reads E2E_BROWSER_URL, E2E_ROD_MANAGER_URL and E2E_SHARD
// into c; bad reports each problem.
func remoteSettings(c *Config, get func(string) string, bad func(name, value, msg string)) {
	c.BrowserURL, c.RodManagerURL = get(EnvBrowserURL), get(EnvRodManagerURL)
	if c.BrowserURL != "" {
		if msg := checkEndpoint(c.BrowserURL); msg != "" {
			bad(EnvBrowserURL, MaskEndpoint(c.BrowserURL), msg+" (example: "+browserURLExampleValue+")")
		}
	}
	if c.RodManagerURL != "" {
		switch msg := checkEndpoint(c.RodManagerURL); {
		case msg != "":
			bad(EnvRodManagerURL, MaskEndpoint(c.RodManagerURL), msg+" (example: "+managerURLExampleValue+")")
		case c.BrowserURL != "":
			bad(EnvRodManagerURL, MaskEndpoint(c.RodManagerURL), "set together with "+EnvBrowserURL+
				": a browser comes from one place (unset one of them)")
		}
	}
	s, err := ParseShard(get(EnvShard))
	if err != nil {
		// ParseShard's message starts with the variable; bad adds it again.
		bad(EnvShard, get(EnvShard), strings.TrimPrefix(err.Error(), fmt.Sprintf("%s=%q: ", EnvShard, get(EnvShard))))
	}
	c.Shard = s
}

// MaskEndpoint hides what may be a credential in a browser endpoint: a
// password in the user info and every query value (browserless and grids
// take ?token=...).
func MaskEndpoint(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), maskedValue)
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{maskedValue}
		}
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), url.QueryEscape(maskedValue), maskedValue)
}

// Holds says whether the top-level test named test is in shard s: an
// FNV-1a hash of the name, modulo Count, is Index-1. A test's shard depends
// on its name alone, not on which other tests exist, so it stays put as
// tests are added; the price is that shards are only roughly even. The
// whole suite (zero Shard) holds every test.
func (s Shard) Holds(test string) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(test))
	return int(h.Sum32()%uint32(s.Count)) == s.Index-1
}
