package checkin

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://hc-ping.com/" + hcUUID, "https://hc-ping.com/***"},
		{"https://hc-ping.com/" + hcUUID + "/start", "https://hc-ping.com/***"},
		{"https://hc-ping.com/Kx2pingkey9/lszoom-nightly?create=1", "https://hc-ping.com/***?create=1"},
		{"https://o1.ingest.sentry.io/api/2/cron/nightly/abcdef0123456789/", "https://o1.ingest.sentry.io/api/2/cron/nightly/***/"},
		{"https://o1.ingest.sentry.io/api/2/cron/nightly/abcdef0123456789?environment=ci&status=ok",
			"https://o1.ingest.sentry.io/api/2/cron/nightly/***/?environment=ci&status=ok"},
		{"https://mon.example.org/ping?token=t0ps3cret&key=k3y&name=night ly",
			"https://mon.example.org/***?key=***&name=night+ly&token=***"},
		{"https://mon.example.org/?api_key=k3y", "https://mon.example.org?api_key=***"},
		{"https://user:pa55@mon.example.org:8443/" + hcUUID, "https://***@mon.example.org:8443/***"},
		{"https://hc-ping.com", "https://hc-ping.com"},
		{"https://hc-ping.com/" + hcUUID + "#frag", "https://hc-ping.com/***"},
		{"hc-ping.com/" + hcUUID, "***"},
		{"", "***"},
		{"http://[::1", "***"},
	} {
		assert.Equal(t, tc.want, Mask(tc.in), tc.in)
	}
}

// Whatever the URL, Mask's output holds none of its secrets.
func TestMaskHidesSecrets(t *testing.T) {
	for _, u := range []string{
		"https://hc-ping.com/" + hcUUID,
		"https://o1.ingest.sentry.io/api/2/cron/nightly/abcdef0123456789/?sentry_key=abcdef0123456789",
		"https://mon.example.org/" + hcUUID + "?token=" + hcUUID,
	} {
		m := Mask(u)
		assert.NotContains(t, m, hcUUID)
		assert.NotContains(t, m, "abcdef0123456789")
	}
}

func TestScrub(t *testing.T) {
	assert.Equal(t, "dial ***: refused", scrub("dial "+hcUUID+": refused", []string{"", hcUUID}))
}
