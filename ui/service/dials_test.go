package service

import (
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func dialable(t *testing.T, text string) cti.Dialable {
	t.Helper()
	n, err := cti.NumberRules{}.Normalize(text)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDialsOneAtATime(t *testing.T) {
	var d dials
	n203, n204 := dialable(t, "203"), dialable(t, "204")
	if !d.Begin(n203, "Виталик", "Dialing 203") {
		t.Fatal("the first dial was refused")
	}
	if d.Begin(n204, "", "Dialing 204") {
		t.Fatal("a second dial got the slot while the first runs")
	}
	d.SetProgress("Dialing 203 (2/4 keys)")
	if busy, p := d.Status(); !busy || p != "Dialing 203 (2/4 keys)" {
		t.Errorf("status %v %q", busy, p)
	}
	d.End()
	if busy, p := d.Status(); busy || p != "" {
		t.Errorf("status after the end %v %q", busy, p)
	}
	// The last dial is remembered for its call's name, past its end.
	if last := d.Last(); last.number != n203 || last.name != "Виталик" {
		t.Errorf("last %+v", last)
	}
	if !d.Begin(n204, "", "Dialing 204") || d.Last().number != n204 {
		t.Error("the slot was not free after End")
	}
}

func TestDialsExtensionAndChoicesExpire(t *testing.T) {
	var d dials
	now := time.Now()
	d.AwaitAnswer("12", now.Add(time.Minute))
	if got := d.TakeExt(now); got != "12" {
		t.Errorf("extension %q", got)
	}
	if got := d.TakeExt(now); got != "" {
		t.Errorf("extension taken twice: %q", got)
	}
	d.AwaitAnswer("34", now.Add(time.Minute))
	if got := d.TakeExt(now.Add(2 * time.Minute)); got != "" {
		t.Errorf("a stale extension was typed: %q", got)
	}
	d.Offer("Lab", []string{"+1 555 0100", "+1 555 0199"}, now.Add(time.Minute))
	if got, on := d.Choices(now); !slices.Equal(got, []string{"+1 555 0100", "+1 555 0199"}) || on != "Lab" {
		t.Errorf("choices %v on %q", got, on)
	}
	if got, on := d.Choices(now.Add(time.Minute)); got != nil || on != "" {
		t.Errorf("choices past the offer %v on %q", got, on)
	}
}
