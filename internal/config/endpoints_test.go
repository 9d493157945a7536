package config

import (
	"strings"
	"testing"
)

func TestBrowserEndpointsAndShard(t *testing.T) {
	tests := []envCase{
		{name: "ws endpoint", env: map[string]string{EnvBrowserURL: " ws://127.0.0.1:9222/devtools/browser/abc "},
			check: func(c Config) error {
				return expect(c.BrowserURL == "ws://127.0.0.1:9222/devtools/browser/abc" && c.RodManagerURL == "", "%#v", c)
			}},
		{name: "http endpoint", env: map[string]string{EnvBrowserURL: "http://grid.corp.test:4444/session/1/se/cdp"},
			check: func(c Config) error { return expect(c.BrowserURL != "", "%#v", c) }},
		{name: "manager", env: map[string]string{EnvRodManagerURL: "ws://rod.corp.test:7317"},
			check: func(c Config) error { return expect(c.RodManagerURL == "ws://rod.corp.test:7317", "%#v", c) }},
		{name: "shard", env: map[string]string{EnvShard: "2/4"},
			check: func(c Config) error { return expect(c.Shard == Shard{Index: 2, Count: 4}, "%#v", c.Shard) }},
		{name: "shard 1/1", env: map[string]string{EnvShard: "1/1"},
			check: func(c Config) error { return expect(c.Shard == Shard{Index: 1, Count: 1}, "%#v", c.Shard) }},
		{name: "browser url without scheme", env: map[string]string{EnvBrowserURL: "127.0.0.1:9222"},
			wantErr: []string{`config: E2E_BROWSER_URL="127.0.0.1:9222": `, "example: ws://"}},
		{name: "browser url of another scheme", env: map[string]string{EnvBrowserURL: "ftp://h:1"},
			wantErr: []string{`config: E2E_BROWSER_URL="ftp://h:1": scheme "ftp" is none of ws, wss, http, https`}},
		{name: "browser url token masked", env: map[string]string{EnvBrowserURL: "ftp://h:1/?token=Url-Secret-9"},
			wantErr: []string{`E2E_BROWSER_URL="ftp://h:1/?token=***"`}},
		{name: "bad manager url", env: map[string]string{EnvRodManagerURL: "rod:7317"},
			wantErr: []string{`config: E2E_ROD_MANAGER_URL="rod:7317": not an absolute URL (example: ws://127.0.0.1:7317)`}},
		{name: "both endpoints", env: map[string]string{EnvBrowserURL: "ws://a:1/x", EnvRodManagerURL: "ws://b:2"},
			wantErr: []string{`config: E2E_ROD_MANAGER_URL="ws://b:2": set together with E2E_BROWSER_URL`}},
		{name: "shard of 0", env: map[string]string{EnvShard: "0/4"}, wantErr: []string{`config: E2E_SHARD="0/4": must be i/n with 1 <= i <= n`}},
		{name: "shard past n", env: map[string]string{EnvShard: "5/4"}, wantErr: []string{`E2E_SHARD="5/4": must be`}},
		{name: "shard not a fraction", env: map[string]string{EnvShard: "half"}, wantErr: []string{`E2E_SHARD="half": must be`}},
	}
	runEnvCases(t, tests, "Url-Secret-9")
}

func TestMaskEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "",
		"ws://127.0.0.1:9222/devtools/browser/x": "ws://127.0.0.1:9222/devtools/browser/x",
		"wss://chrome.example.test?token=abc":    "wss://chrome.example.test?token=***",
		"http://u:pw@grid.test:4444/se/cdp":      "http://u:***@grid.test:4444/se/cdp",
	} {
		if got := MaskEndpoint(in); got != want {
			t.Errorf("MaskEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
	c := Config{BrowserURL: "wss://chrome.example.test?token=Url-Secret-9"}
	if strings.Contains(c.String(), "Url-Secret-9") {
		t.Errorf("String leaks the token: %s", c)
	}
}
