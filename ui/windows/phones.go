package windows

import (
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// Several phones. A window that acts on a phone other than the default one
// sends its requests through forPhone: the tray process then carries them
// out on that phone (localapi.Client.ForPhone names it in each request).

// phoneScoped is an API that can speak for one phone (tests' fakes; the
// local API client is *localapi.Client.ForPhone).
type phoneScoped interface {
	forPhone(name string) API
}

// forPhone is api for the phone called name; "" is the default phone, api
// itself.
func forPhone(api API, name string) API {
	if name == "" || api == nil {
		return api
	}
	switch a := api.(type) {
	case *localapi.Client:
		return a.ForPhone(name)
	case phoneScoped:
		return a.forPhone(name)
	}
	return api
}

// phoneNames are the names of st's phones, the default first; nil with one
// phone (there is nothing to choose).
func phoneNames(st localapi.State) []string {
	if len(st.Phones) < 2 {
		return nil
	}
	out := make([]string, len(st.Phones))
	for i, p := range st.Phones {
		out[i] = p.Name
	}
	return out
}

// phoneChoice keeps a select of the phones in step with the tray's list:
// its Row (label and select) shown only with several phones, the default
// preselected, a phone that is gone replaced by the default. chosen is the
// select's phone name, "" for the default phone.
type phoneChoice struct {
	Select *widget.Select
	Row    *fyne.Container
	names  []string
	// initial is the phone to choose when the list first comes ("" =
	// the default phone).
	initial string
}

func newPhoneChoice(label string, changed func()) *phoneChoice {
	pc := &phoneChoice{}
	pc.Select = widget.NewSelect(nil, func(string) {
		if changed != nil {
			changed()
		}
	})
	pc.Row = container.NewBorder(nil, nil, widget.NewLabel(label), nil, pc.Select)
	pc.Row.Hide()
	return pc
}

// update takes the phones of st; it reports whether the select's
// visibility changed (the window may need to fit).
func (pc *phoneChoice) update(st localapi.State) bool {
	names := phoneNames(st)
	was := pc.Row.Visible()
	if !slices.Equal(names, pc.names) {
		pc.names = names
		cur := pc.Select.Selected
		if cur == "" {
			cur = pc.initial
		}
		pc.Select.SetOptions(names)
		i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, cur) })
		switch {
		case i >= 0 && names[i] != pc.Select.Selected:
			pc.Select.SetSelected(names[i])
		case i < 0 && len(names) > 0:
			pc.Select.SetSelected(names[0])
		}
	}
	if len(names) > 0 {
		pc.Row.Show()
	} else {
		pc.Row.Hide()
	}
	return was != pc.Row.Visible()
}

// chosen is the chosen phone's name, "" for the default phone.
func (pc *phoneChoice) chosen() string {
	if len(pc.names) == 0 || pc.Select.Selected == pc.names[0] {
		return ""
	}
	return pc.Select.Selected
}

// view is the state of the chosen phone (the default phone's when the
// chosen one is not in st).
func (pc *phoneChoice) view(st localapi.State) localapi.PhoneState {
	if p, ok := st.PhoneNamed(pc.chosen()); ok {
		return p
	}
	return st.PhoneState
}

// errBadPhone: --phone without a name a phone can have.
var errBadPhone = errors.New("--phone needs the name of a phone")

// parsePhoneArg reads `--phone NAME` (or `--phone=NAME`) from a window's
// arguments: the phone the window is for, "" (none given) for the default
// phone.
func parsePhoneArg(args []string) (string, error) {
	v, given := optionValue(args, "phone")
	if !given {
		return "", nil
	}
	if !settings.ValidPhoneName(v) {
		return "", errBadPhone
	}
	return v, nil
}
