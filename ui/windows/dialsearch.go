package windows

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti/contacts"
)

// ContactSearcher is an optional API capability: the tray process's
// contact directory (*localapi.Client has it). Without it the dial pad has
// no search field.
type ContactSearcher interface {
	SearchContacts(ctx context.Context, text string, limit int) ([]contacts.Match, error)
}

// maxShownContacts is how many matches the dial pad lists.
const maxShownContacts = 8

// ContactSearch is the dial pad's search: typing letters or digits lists
// the matching contacts (name, number kind, book); a click on one, or
// Enter for the first, dials it.
type ContactSearch struct {
	Entry   *widget.Entry
	Results []*widget.Button // one per listed number, in order
	Empty   *widget.Label    // "No contact matches"
	box     *fyne.Container
	matches []contacts.Match
	query   latest[string]
}

// addContactSearch puts the search above the dial pad's content when the
// tray offers a contact directory.
func (d *DialPad) addContactSearch() {
	api, err := d.env.api()
	if err != nil {
		return
	}
	cs, ok := api.(ContactSearcher)
	if !ok {
		return
	}
	s := &ContactSearch{Entry: widget.NewEntry(), Empty: widget.NewLabel(d.env.t("window.dialpad.no_contacts"))}
	s.Entry.SetPlaceHolder(d.env.t("window.dialpad.search"))
	s.Empty.Hide()
	s.box = container.NewVBox()
	s.Entry.OnChanged = func(text string) { d.searchChanged(cs, text) }
	s.Entry.OnSubmitted = func(string) {
		if len(s.matches) > 0 {
			d.dialContact(s.matches[0])
		}
	}
	d.Search = s
	d.win.SetContent(container.NewBorder(container.NewVBox(s.Entry, s.box, s.Empty), nil, nil, nil, d.win.Content()))
}

func (d *DialPad) searchChanged(cs ContactSearcher, text string) {
	s := d.Search
	if strings.TrimSpace(text) == "" {
		d.showContacts(nil, false)
		return
	}
	s.query.submit(text, func(text string) {
		ctx, cancel := context.WithTimeout(d.ctx, d.env.Timeout)
		res, err := cs.SearchContacts(ctx, text, maxShownContacts)
		cancel()
		if d.ctx.Err() != nil {
			return
		}
		d.env.do(func() {
			if s.Entry.Text != text {
				return // a newer search is on its way
			}
			if err != nil {
				d.showError(err)
				return
			}
			d.showContacts(res, true)
		})
	})
}

// showContacts lists the matches as buttons.
func (d *DialPad) showContacts(res []contacts.Match, searched bool) {
	s := d.Search
	s.matches = res
	s.Results = s.Results[:0]
	s.box.RemoveAll()
	for _, m := range res {
		b := widget.NewButton(d.contactLabel(m), func() { d.dialContact(m) })
		b.Alignment = widget.ButtonAlignLeading
		s.Results = append(s.Results, b)
		s.box.Add(b)
	}
	if searched && len(res) == 0 {
		s.Empty.Show()
	} else {
		s.Empty.Hide()
	}
	s.box.Refresh()
}

func (d *DialPad) contactLabel(m contacts.Match) string {
	return fmt.Sprintf("%s · %s (%s)", m.Name, m.Number, d.env.t("contacts.kind."+m.Kind))
}

// dialContact puts the contact's number in the number field and dials it.
func (d *DialPad) dialContact(m contacts.Match) {
	d.Number.SetText(m.Number)
	d.call()
}
