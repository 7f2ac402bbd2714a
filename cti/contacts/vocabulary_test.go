package contacts

import (
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// The tray checks regions with dirapi's copy of the list: it must be the
// numbering plans' own.
func TestRegionsAreThePlans(t *testing.T) {
	var plans []string
	for r := range phonenumbers.GetSupportedRegions() {
		plans = append(plans, r)
	}
	slices.Sort(plans)
	if got := dirapi.Regions(); !slices.Equal(got, plans) {
		t.Errorf("dirapi.Regions() = %v\nthe plans have %v", got, plans)
	}
	for _, r := range []string{"RU", "ru", "US", "DE"} {
		if !KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"", "R", "ZZ", "C ", " A", "RUS", "001"} {
		if KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = true", r)
		}
	}
	if got := dirapi.RegionOf("ru_RU.UTF-8"); got != "RU" {
		t.Errorf("RegionOf(ru_RU.UTF-8) = %q", got)
	}
}
