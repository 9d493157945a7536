package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"lszoom/fixtures/learningspace"
	"lszoom/fixtures/testapp"
	"lszoom/internal/guide"
)

// A LearningSpace that keeps its data: the room an earlier run left with
// the same Registration email is removed, as a person would, and LS.2 adds
// the run's own (the rest of the round trip is TestSetupOAuthApp's); a room the harness did not make is left alone, and LS.2 says
// why it cannot go on.
func TestRoundTripOnALearningSpaceThatKeepsItsData(t *testing.T) {
	requireSim(t)
	t.Parallel()

	t.Run("a room an earlier run left", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		old, err := e.LSSim.AddRoom(learningspace.Room{
			Name: testapp.RoomName("r0101-000000-dead"), Description: "left by a killed run",
			Virtual: true, RegistrationEmail: e.Email,
		})
		require.NoError(t, err)
		rt := e.RoundTrip(setUp(t, e, e.NewApp(), e.LSURL))
		steps := rt.Steps()
		require.NoError(t, e.runQuietly(t, steps[:indexOf(t, steps, guide.LSAuthorize.Number)]), "LS.0–LS.2")
		rooms := lsRooms(t, e)
		require.Len(t, rooms, 1, "the earlier run's room is gone, the new one is there")
		assert.NotEqual(t, old.ID, rooms[0].ID)
		assert.Equal(t, rt.Room, rooms[0].Name)
		assert.Contains(t, rooms[0].Name, e.RunID, "the room carries the run's ID")
	})

	t.Run("a room the harness did not make", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, err := e.LSSim.AddRoom(learningspace.Room{
			Name: "Debriefing 3", Description: "a customer's room", Virtual: true, RegistrationEmail: e.Email,
		})
		require.NoError(t, err)
		rt := e.RoundTrip(setUp(t, e, e.NewApp(), e.LSURL))
		err = e.runQuietly(t, rt.Steps())
		require.Error(t, err)
		assert.Equal(t, guide.LSAddRoom.Number, stepOf(err), "%v", err)
		assert.Contains(t, err.Error(), "Another room already uses this Registration email")
		rooms := lsRooms(t, e)
		require.Len(t, rooms, 1)
		assert.Equal(t, "Debriefing 3", rooms[0].Name, "never touched")
	})
}
