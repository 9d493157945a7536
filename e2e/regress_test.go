package e2e

import (
	"fmt"
	"strings"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/zoomsim"
)

// The -regress flag: every test's stand-ins start broken in a named way,
// so that QA sees the run, and its report, fail as it would on a site
// broken that way (go test ./e2e -run TestSetupOAuthApp -args -regress
// company-name-not-saved; make e2e REGRESS=…).
var (
	zoomRegressions []zoomsim.Regression
	lsRegressions   []string
)

// parseRegressFlag splits -regress between the two stand-ins' catalogues.
func parseRegressFlag() error {
	var zoom []string
	for _, n := range strings.Split(*regressFlag, ",") {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
		case strings.HasPrefix(n, "ls-"):
			lsRegressions = append(lsRegressions, n)
		default:
			zoom = append(zoom, n)
		}
	}
	if err := learningspace.CheckRegressions(lsRegressions); err != nil {
		return fmt.Errorf("-regress: %w", err)
	}
	regs, err := zoomsim.ParseRegressions(strings.Join(zoom, ","))
	if err != nil {
		return fmt.Errorf("-regress: %w", err)
	}
	zoomRegressions = regs
	return nil
}
