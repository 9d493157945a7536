package guide

import "embed"

// Source is the file of the guide's scope table, embedded, so that a
// failure can name the line of a scope whose box the site no longer shows
// (ui.LabelAt, registered by pages/flow).
//
//go:embed app.go
var Source embed.FS
