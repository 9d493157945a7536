// Package guide names the customer guide's numbered steps
// (docs/procedure.md, section 1) and the error a failed step
// reports, so that every failure and report says which step broke, what was
// expected and what was found.
package guide

import (
	"errors"
	"fmt"
	"strings"
)

// Step is one numbered step of the guide.
type Step struct {
	Number string // "13.3"
	Title  string // "User scopes"
}

// Name is the step as a subtest and a report name it: "13.3 User scopes".
func (s Step) Name() string { return s.Number + " " + s.Title }

// The guide's steps (classic flow), in order, plus the LearningSpace round
// trip that follows it (numbered "LS.n": the guide ends at 18).
var (
	SignIn           = Step{"1", "Sign in as the account owner"}
	Advanced         = Step{"2", "Advanced"}
	AppMarketplace   = Step{"3", "App Marketplace"}
	Develop          = Step{"4", "Develop"}
	BuildApp         = Step{"5", "Build App"}
	ChooseOAuth      = Step{"6", "Choose your app type: OAuth"}
	CreateOAuth      = Step{"7", "Create"}
	AppName          = Step{"8.1", "App Name"}
	UserManaged      = Step{"8.2", "User-managed app"}
	PublishOff       = Step{"8.3", "Publish switch off"}
	CreateApp        = Step{"9", "Create the app"}
	Credentials      = Step{"10.1", "Client ID and Client Secret"}
	RedirectURL      = Step{"10.2", "Redirect URL for OAuth"}
	AllowList        = Step{"10.3", "OAuth allow list"}
	Information      = Step{"11", "Continue to Information"}
	Descriptions     = Step{"11.1", "Short and long descriptions"}
	CompanyName      = Step{"11.2", "Company Name"}
	DeveloperContact = Step{"11.3", "Developer Contact Information"}
	Scopes           = Step{"12", "Scopes tab"}
	AddScopes        = Step{"13", "Add Scopes"}
	MeetingScopes    = Step{"13.1", "Meeting scopes"}
	RecordingScopes  = Step{"13.2", "Recording scopes"}
	UserScopes       = Step{"13.3", "User scopes"}
	ScopeCount       = Step{"14", "Seven scopes selected"}
	Done             = Step{"15", "Done"}
	Activation       = Step{"16", "Continue to Activation"}
	AddEnabled       = Step{"17", "Add button active"}
	CreatedApps      = Step{"18", "Manage: Created Apps"}

	LSSignIn    = Step{"LS.0", "LearningSpace: sign in; rooms an earlier run left"}
	LSConfigure = Step{"LS.1", "LearningSpace: OAuth meeting provider settings"}
	LSAddRoom   = Step{"LS.2", "LearningSpace: add a virtual room"}
	LSAuthorize = Step{"LS.3", "LearningSpace: authorize in Zoom"}
	LSConsent   = Step{"LS.4", "Zoom consent: Allow"}
	LSVerify    = Step{"LS.5", "LearningSpace: room authorized"}
	LSUse       = Step{"LS.6", "LearningSpace: meeting and recordings"}
)

// Setup lists steps 1–18 in the guide's order.
var Setup = []Step{
	SignIn, Advanced, AppMarketplace, Develop, BuildApp, ChooseOAuth, CreateOAuth,
	AppName, UserManaged, PublishOff, CreateApp, Credentials, RedirectURL, AllowList,
	Information, Descriptions, CompanyName, DeveloperContact, Scopes, AddScopes,
	MeetingScopes, RecordingScopes, UserScopes, ScopeCount, Done, Activation,
	AddEnabled, CreatedApps,
}

// ByNumber finds a step by its number.
func ByNumber(n string) (Step, bool) {
	for _, s := range append(Setup, LSSignIn, LSConfigure, LSAddRoom, LSAuthorize, LSConsent, LSVerify, LSUse) {
		if s.Number == n {
			return s, true
		}
	}
	return Step{}, false
}

// StepError is a failed step: what the guide expects and what the page showed.
// Err is the underlying cause (a locator timeout, an HTTP error), if any.
type StepError struct {
	Step     Step
	Expected string
	Found    string
	Err      error
}

func (e *StepError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "guide step %s failed", e.Step.Name())
	if e.Expected != "" {
		fmt.Fprintf(&b, ": expected %s", e.Expected)
	}
	if e.Found != "" {
		fmt.Fprintf(&b, "; found %s", e.Found)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	return b.String()
}

func (e *StepError) Unwrap() error { return e.Err }

// Fail builds a StepError from an expectation that was not met.
func Fail(s Step, expected, found string) *StepError {
	return &StepError{Step: s, Expected: expected, Found: found}
}

// Wrap attaches a step to an error from a page action; an error that already
// names a step keeps it (the innermost step is the one that broke).
func Wrap(s Step, expected string, err error) error {
	if err == nil {
		return nil
	}
	var se *StepError
	if errors.As(err, &se) {
		return err
	}
	return &StepError{Step: s, Expected: expected, Err: err}
}

// StepOf returns the step an error names, if any.
func StepOf(err error) (Step, bool) {
	var se *StepError
	if errors.As(err, &se) {
		return se.Step, true
	}
	return Step{}, false
}
