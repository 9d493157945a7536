package zoom

import (
	"embed"

	"lszoom/pages/ui"
)

// The package's source, so that a failure can name the file and line of a
// label the site no longer shows (ui.LabelAt).
//
//go:embed *.go
var source embed.FS

func init() { ui.RegisterLabels("pages/zoom", source, "AppTypeOAuth") }
