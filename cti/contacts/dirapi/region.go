package dirapi

import (
	"os"
	"strings"

	"github.com/jeandeaual/go-locale"
)

// regions are the region codes of the numbering plans (phonenumbers'
// GetSupportedRegions; a test of package contacts keeps the two equal). The
// list is copied here so that settings can be checked without loading the
// plans.
const regions = "AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
	"MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO " +
	"RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL TM TN TO TR TT " +
	"TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW"

// Regions lists the region codes of the numbering plans.
func Regions() []string { return strings.Fields(regions) }

// KnownRegion reports whether region is a region code of the numbering plans.
func KnownRegion(region string) bool {
	if len(region) != 2 {
		return false
	}
	i := strings.Index(regions, strings.ToUpper(region))
	return i >= 0 && i%3 == 0
}

// DefaultRegion is the region of the user's locale (LC_ALL, LC_MESSAGES,
// LANG: "ru_RU.UTF-8" gives "RU"), "" when it names none.
func DefaultRegion() string {
	for _, v := range []string{"LC_ALL", "LC_TELEPHONE", "LC_MESSAGES", "LANG"} {
		if r := RegionOf(os.Getenv(v)); r != "" {
			return r
		}
	}
	return systemRegion()
}

// RegionOf reads the region of a locale name: "ru_RU.UTF-8", "en-US"; ""
// when it names no region of the numbering plans.
func RegionOf(locale string) string {
	locale, _, _ = strings.Cut(locale, ".")
	locale, _, _ = strings.Cut(locale, "@")
	i := strings.IndexAny(locale, "_-")
	if i < 0 {
		return ""
	}
	r := strings.ToUpper(locale[i+1:])
	if !KnownRegion(r) {
		return ""
	}
	return r
}

// systemRegion asks the OS (Windows and macOS keep the locale outside the
// environment).
func systemRegion() string {
	l, err := locale.GetLocale()
	if err != nil {
		return ""
	}
	return RegionOf(l)
}
