package checkin

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	want := State{CheckInID: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
		Started: time.Date(2026, 3, 1, 2, 3, 4, 5, time.UTC), Kind: KindSentry}
	require.NoError(t, WriteState(path, want))
	got, err := ReadState(path)
	require.NoError(t, err)
	assert.Equal(t, want.CheckInID, got.CheckInID)
	assert.True(t, want.Started.Equal(got.Started))
	assert.Equal(t, KindSentry, got.Kind)
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".checkin-*"))
	assert.Empty(t, left, "no temporary file left")
}

func TestStateBad(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadState(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	for name, body := range map[string]string{"junk": "{", "empty": "{}", "noid": `{"started":"2026-03-01T00:00:00Z"}`} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		_, err := ReadState(p)
		assert.Error(t, err, name)
	}
}

func TestNewCheckInID(t *testing.T) {
	a, err := NewCheckInID()
	require.NoError(t, err)
	b, err := NewCheckInID()
	require.NoError(t, err)
	assert.Regexp(t, uuidRE, a)
	assert.NotEqual(t, a, b)
}
