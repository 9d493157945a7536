// Package session saves a browser's sign-in to a site (its cookies and the
// local storage of its origins) to a file, and gives it to another browser
// context later: `make login` saves the Zoom sign-in a person made, and the
// nightly's runs start from it instead of typing a password that the live
// sign-in would answer with reCAPTCHA and an emailed code.
//
// The file is a live sign-in: it is written with mode 0600, never logged,
// never put in an artifact; State's String says how much it holds, never what.
package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// FileMode is the saved session's mode: its owner's only.
const FileMode = 0o600

// State is a browser's sign-in: its cookies and the local storage of the
// origins it had open. Its JSON is the session file's format.
type State struct {
	Saved   time.Time              `json:"saved"`
	Cookies []*proto.NetworkCookie `json:"cookies"`
	Origins []Origin               `json:"origins"`
}

// Origin is one origin's local storage.
type Origin struct {
	Origin       string            `json:"origin"`
	LocalStorage map[string]string `json:"localStorage"`
}

// String says how much the state holds, never a value.
func (s State) String() string {
	return fmt.Sprintf("session{saved=%s cookies=%d origins=%d}", s.Saved.UTC().Format(time.RFC3339), len(s.Cookies), len(s.Origins))
}

// GoString keeps %#v from printing the cookies.
func (s State) GoString() string { return s.String() }

// Save writes the state to path with mode 0600, through a temporary file in
// the same directory renamed over it, so that a reader never sees half a
// file and an older file of wider mode is replaced, not rewritten.
func Save(path string, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("session: encode: %w", err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".session-*.tmp")
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	tmp := f.Name()
	defer func() { _ = os.Remove(tmp) }() // gone after the rename; else cleaned up
	if err := f.Chmod(FileMode); err != nil {
		_ = f.Close()
		return fmt.Errorf("session: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return fmt.Errorf("session: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("session: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("session: %w", err)
	}
	return nil
}

// Load reads a state Save wrote. Its error names the file, never its text.
func Load(path string) (State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return State{}, fmt.Errorf("session: %w", err)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("session: %s is not a saved session (make login writes one)", path)
	}
	if len(s.Cookies) == 0 {
		return State{}, fmt.Errorf("session: %s holds no cookies: run make login", path)
	}
	return s, nil
}

// Capture reads the sign-in of the browser context of ctxBrowser (an
// incognito context, as rod models it): every cookie, and the local storage
// of each origin one of pages shows.
func Capture(ctx context.Context, ctxBrowser *rod.Browser, pages ...*rod.Page) (State, error) {
	res, err := proto.StorageGetCookies{BrowserContextID: ctxBrowser.BrowserContextID}.Call(ctxBrowser.Context(ctx))
	if err != nil {
		return State{}, fmt.Errorf("session: read the cookies: %w", err)
	}
	s := State{Saved: time.Now().UTC(), Cookies: res.Cookies}
	seen := map[string]bool{}
	for _, p := range pages {
		o := originOf(p)
		if o == "" || seen[o] {
			continue
		}
		seen[o] = true
		items, err := localStorage(ctx, p)
		if err != nil {
			return State{}, fmt.Errorf("session: read the local storage of %s: %w", o, err)
		}
		if len(items) > 0 {
			s.Origins = append(s.Origins, Origin{Origin: o, LocalStorage: items})
		}
	}
	sort.Slice(s.Origins, func(i, j int) bool { return s.Origins[i].Origin < s.Origins[j].Origin })
	return s, nil
}

// Restore gives the state to the browser context of tab: the cookies, and
// each origin's local storage (the tab visits the origin's /robots.txt,
// a page every site answers quickly, to write it, and is left blank).
func Restore(ctx context.Context, ctxBrowser *rod.Browser, tab *rod.Page, s State) error {
	params := make([]*proto.NetworkCookieParam, 0, len(s.Cookies))
	for _, c := range s.Cookies {
		p := &proto.NetworkCookieParam{
			Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
			Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: c.SameSite,
			Priority: c.Priority, SourceScheme: c.SourceScheme, SourcePort: &c.SourcePort,
		}
		if !c.Session && c.Expires > 0 {
			p.Expires = c.Expires
		}
		params = append(params, p)
	}
	err := proto.StorageSetCookies{BrowserContextID: ctxBrowser.BrowserContextID, Cookies: params}.Call(ctxBrowser.Context(ctx))
	if err != nil {
		return fmt.Errorf("session: set the cookies: %w", err)
	}
	if len(s.Origins) == 0 {
		return nil
	}
	p := tab.Context(ctx)
	for _, o := range s.Origins {
		if err := p.Navigate(o.Origin + "/robots.txt"); err != nil {
			return fmt.Errorf("session: open %s: %w", o.Origin, err)
		}
		if err := p.WaitLoad(); err != nil {
			return fmt.Errorf("session: load %s: %w", o.Origin, err)
		}
		b, _ := json.Marshal(o.LocalStorage)
		if _, err := p.Eval(`(items) => { for (const [k, v] of Object.entries(JSON.parse(items))) localStorage.setItem(k, v); }`, string(b)); err != nil {
			return fmt.Errorf("session: write the local storage of %s: %w", o.Origin, err)
		}
	}
	return p.Navigate("about:blank")
}

// originOf is the page's origin, "" for about:blank and the like.
func originOf(p *rod.Page) string {
	info, err := p.Info()
	if err != nil {
		return ""
	}
	u, err := url.Parse(info.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func localStorage(ctx context.Context, p *rod.Page) (map[string]string, error) {
	res, err := p.Context(ctx).Eval(`() => JSON.stringify(Object.fromEntries(Object.entries(localStorage)))`)
	if err != nil {
		return nil, err
	}
	items := map[string]string{}
	if err := json.Unmarshal([]byte(res.Value.Str()), &items); err != nil {
		return nil, errors.New("local storage not readable as JSON")
	}
	return items, nil
}
