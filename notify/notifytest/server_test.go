package notifytest

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

func TestStartOnJoinsARunningBus(t *testing.T) {
	own := Start(t)
	// The first server leaves; its bus keeps running, as a desktop's would.
	own.mu.Lock()
	conn := own.conn
	own.conn = nil
	own.mu.Unlock()
	conn.Close()

	s := StartOn(t, own.Address())
	client, err := dbus.Connect(own.Address())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	var id uint32
	err = client.Object(busName, objPath).Call(busName+".Notify", 0, "app", uint32(0), "", "Incoming call", "+7495",
		[]string{"accept", "Accept"}, map[string]dbus.Variant{}, int32(-1)).Store(&id)
	if err != nil {
		t.Fatalf("Notify on the joined server: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitFor(ctx, func(snap Snapshot) bool {
		c, ok := snap.Find("Incoming call")
		return ok && c.ID == id && c.ActionLabel("accept") == "Accept"
	}); err != nil {
		t.Fatal(err)
	}
	if own.Calls() != nil {
		t.Errorf("the server that left got calls: %+v", own.Calls())
	}
	if err := s.RestartBus(); err == nil {
		t.Error("RestartBus on a joined bus: no error")
	}

	// KillBus leaves the bus: the service's name loses its owner.
	if err := client.AddMatchSignal(dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, busName)); err != nil {
		t.Fatal(err)
	}
	sigs := make(chan *dbus.Signal, 8)
	client.Signal(sigs)
	s.KillBus()
	for {
		select {
		case sig := <-sigs:
			if len(sig.Body) == 3 && sig.Body[0] == busName && sig.Body[2] == "" {
				return
			}
		case <-ctx.Done():
			t.Fatal("the notification service is still on the bus after KillBus")
		}
	}
}
