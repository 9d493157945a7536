package flow

import (
	"lszoom/internal/guide"
	"lszoom/pages/ui"
)

// The guide's scopes are texts of the Add Scopes pop-up: a box the site no
// longer shows is a label to fix in the guide's table (ui.LabelAt).
func init() { ui.RegisterLabels("internal/guide", guide.Source, "AppScopes") }
