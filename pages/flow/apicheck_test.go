package flow

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/internal/guide"
	"lszoom/internal/zoomapi"
)

// records is Zoom's Marketplace API as a test writes it.
type fakeRecords struct {
	app      zoomapi.App
	manifest zoomapi.Manifest
	err      error
	calls    int
}

func (f *fakeRecords) App(context.Context, string) (zoomapi.App, error) {
	f.calls++
	return f.app, f.err
}

func (f *fakeRecords) Manifest(context.Context, string) (zoomapi.Manifest, error) {
	f.calls++
	return f.manifest, f.err
}

const lsURL = "https://ls.example.test"

// asSaved is what the API says of the guide's app, saved as the guide asks.
func asSaved(app guide.App, f guide.Flow) *fakeRecords {
	names := app.Boxes(f).Names()
	var scopes []zoomapi.Scope
	for _, n := range names {
		scopes = append(scopes, zoomapi.Scope{Name: n})
	}
	return &fakeRecords{
		app: zoomapi.App{ID: "app1", Name: app.Name, Status: "unpublished", Scopes: names},
		manifest: zoomapi.Manifest{DisplayName: app.Name, Usage: "USER_OPERATION", DevelopmentRedirectURI: lsURL,
			AllowList: []string{lsURL}, Scopes: scopes},
	}
}

func stepsWith(api AppRecords, f guide.Flow, refused *[]error) setupSteps {
	s := Setup{App: guideApp(), RedirectURL: lsURL, AllowURL: lsURL, API: api,
		Portal: Portal{Hooks: Hooks{APIRefused: func(err error) { *refused = append(*refused, err) }}}}
	return newSteps(s, &run{}).on(f)
}

func TestTheAPIRecordMatchingTheGuidePasses(t *testing.T) {
	for _, f := range guide.Flows {
		var refused []error
		api := asSaved(guideApp(), f)
		require.NoError(t, stepsWith(api, f, &refused).verifyRecord(context.Background(), guide.Done, "after Done"), "%s", f)
		assert.Equal(t, map[guide.Flow]int{guide.FlowClassic: 1, guide.FlowGeneral: 2}[f], api.calls,
			"the manifest is read for a General App only (%s)", f)
	}
	var refused []error
	assert.NoError(t, stepsWith(nil, guide.FlowGeneral, &refused).verifyRecord(context.Background(), guide.Done, ""), "no API: nothing to check")
}

func TestADifferenceFailsTheStepItBelongsTo(t *testing.T) {
	for _, c := range []struct {
		flow   guide.Flow
		change func(*fakeRecords)
		step   string
		says   string
	}{
		{guide.FlowGeneral, func(r *fakeRecords) { r.app.Scopes = without(r.app.Scopes, "meeting:delete:meeting") }, "13.1",
			`meeting:delete:meeting ("Delete a meeting", Meetings) among the app's app_scopes in Zoom's Marketplace API after Done`},
		{guide.FlowClassic, func(r *fakeRecords) { r.app.Scopes = without(r.app.Scopes, "recording:write") }, "13.2", "recording:write"},
		{guide.FlowClassic, func(r *fakeRecords) { r.app.Scopes = append(r.app.Scopes, "user_info:read") }, "15", "exactly the scopes"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.app.Status = "published" }, "8.3", `app_status "unpublished"`},
		{guide.FlowGeneral, func(r *fakeRecords) { r.manifest.DevelopmentRedirectURI = lsURL + "/" }, "10.2", "development_redirect_uri"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.manifest.AllowList = nil }, "10.3", "oauth_allow_list"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.manifest.Usage = "ADMIN_OPERATION" }, "8.2", "User-managed"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.manifest.DisplayName = "General app 081" }, "8.1", "display_name"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.manifest.Scopes = r.manifest.Scopes[1:] }, "13.2", "cloud_recording:delete:recording_file (\"Delete a recording file\", Recording) among the app's manifest scopes"},
		{guide.FlowGeneral, func(r *fakeRecords) { r.err = &zoomapi.Error{Status: 404, Code: 1500, Message: "App not found"} }, "18", "App not found"},
	} {
		var refused []error
		api := asSaved(guideApp(), c.flow)
		c.change(api)
		step := guide.Done
		if c.step == "18" {
			step = guide.CreatedApps
		}
		err := stepsWith(api, c.flow, &refused).verifyRecord(context.Background(), step, "after Done")
		require.Error(t, err, "%s: %s", c.flow, c.says)
		assert.Equal(t, c.step, stepOf(err), "%v", err)
		assert.Contains(t, err.Error(), c.says)
		assert.Empty(t, refused)
	}
}

func TestARefusedTokenStopsTheChecksNotTheRun(t *testing.T) {
	var refused []error
	api := &fakeRecords{err: fmt.Errorf("%w (detail)", zoomapi.ErrTokenRefused)}
	g := stepsWith(api, guide.FlowGeneral, &refused)
	require.NoError(t, g.verifyRecord(context.Background(), guide.Done, "after Done"))
	require.NoError(t, g.verifyRecord(context.Background(), guide.CreatedApps, "after step 18"))
	assert.Len(t, refused, 1, "said once")
	assert.Equal(t, 1, api.calls, "not asked again")
}

func without(s []string, drop string) []string {
	var out []string
	for _, v := range s {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

func stepOf(err error) string {
	if s, ok := guide.StepOf(err); ok {
		return s.Number
	}
	return ""
}
