package flow

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"golang.org/x/oauth2"

	"lszoom/internal/zoomapi"
	"lszoom/pages/ui"
	"lszoom/pages/zoom"
)

// AuthorizeMaintenance is make login's second half, where a maintenance
// app is configured: in the tab signed in a moment ago, the owner's browser
// opens the maintenance app's authorize URL and allows it (Zoom may have
// remembered the consent and send it straight back); the code is read from
// the redirect's address, which the browser never reaches (the request is
// answered in the browser, so the code goes nowhere else), exchanged with
// PKCE, and the token saved to m.TokenFile (0600). Nothing of the code or
// the token is logged.
func AuthorizeMaintenance(ctx context.Context, d zoom.Driver, tab *rod.Page, m zoomapi.Maintenance, hooks Hooks) error {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	state, verifier := hex.EncodeToString(b[:]), oauth2.GenerateVerifier()
	back := make(chan string, 1)
	router := tab.HijackRequests()
	err := router.Add(m.RedirectURL+"*", proto.NetworkResourceTypeDocument, func(h *rod.Hijack) {
		select {
		case back <- h.Request.URL().String():
		default:
		}
		h.Response.SetHeader("Content-Type", "text/html; charset=utf-8")
		h.Response.Payload().ResponseCode = http.StatusOK
		h.Response.SetBody("<!doctype html><title>Maintenance app authorized</title><p>The harness has read the code; this tab may be closed.</p>")
	})
	if err != nil {
		return fmt.Errorf("authorize the maintenance app: %w", err)
	}
	go router.Run()
	defer func() { _ = router.Stop() }()

	hooks.logf("authorizing the maintenance app (Zoom's Marketplace API) for the signed-in owner")
	p := tab.Context(ctx)
	if err := p.Navigate(m.AuthCodeURL(state, verifier)); err != nil {
		return fmt.Errorf("authorize the maintenance app: open its authorize URL: %w", err)
	}
	if err := ui.WaitLoad(p); err != nil {
		return fmt.Errorf("authorize the maintenance app: %w", err)
	}
	var at string
	select {
	case at = <-back: // the consent was remembered
	default:
		if err := zoom.ConsentPageOn(d, tab).Allow(ctx); err != nil {
			return fmt.Errorf("authorize the maintenance app: Allow on Zoom's consent page: %w", err)
		}
		select {
		case at = <-back:
		case <-ctx.Done():
			return fmt.Errorf("authorize the maintenance app: Zoom never sent the browser back to %s: %w", m.RedirectURL, ctx.Err())
		}
	}
	code, ok, err := zoomapi.CodeFromRedirect(at, m.RedirectURL, state)
	if err == nil && !ok {
		err = errors.New("the browser was sent elsewhere than the redirect URL")
	}
	if err != nil {
		return fmt.Errorf("authorize the maintenance app: %w", err)
	}
	if err := m.Exchange(ctx, code, verifier); err != nil {
		return err
	}
	hooks.logf("saved the maintenance app's token to %s (mode 0600): the runs check and clean up through Zoom's Marketplace API", m.TokenFile)
	return nil
}
