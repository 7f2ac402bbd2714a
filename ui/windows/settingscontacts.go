package windows

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/ui/settings"
)

// ContactsEditor is the settings window's list of address books: each can
// be switched off or removed, and a new one added from a file path or a
// server URL, with its user name (bind DN), password and LDAP base DN.
// Every change is written to the settings file at once (the password to
// the keyring) and applied by the tray; the window's Save keeps it.
type ContactsEditor struct {
	List     *fyne.Container
	Rows     []ContactRow
	URL      *widget.Entry
	Username *widget.Entry
	Password *widget.Entry
	BaseDN   *widget.Entry
	CAFile   *widget.Entry // a PEM file trusted for the server's certificate
	Add      *widget.Button
	Problem  *widget.Label
	Info     *widget.Label
	None     *widget.Label

	w       *SettingsWindow
	sources []contacts.SourceConfig
}

// ContactRow is one listed address book.
type ContactRow struct {
	On     *widget.Check
	Remove *widget.Button
}

// contactsSection builds the editor (the window's fill shows the books).
func (w *SettingsWindow) contactsSection() fyne.CanvasObject {
	t := w.env.t
	e := &ContactsEditor{w: w, List: container.NewVBox(), URL: widget.NewEntry(), Username: widget.NewEntry(),
		Password: widget.NewPasswordEntry(), BaseDN: widget.NewEntry(), CAFile: widget.NewEntry(), Problem: newMessage(true), Info: newMessage(false),
		None: widget.NewLabel(t("settings.contacts.none"))}
	e.URL.SetPlaceHolder("/home/me/contacts.vcf · https://dav.example.com/ · ldap://ldap.example.com")
	e.BaseDN.SetPlaceHolder("ou=people,dc=example,dc=org")
	e.CAFile.SetPlaceHolder("/etc/ssl/company-ca.pem")
	e.Add = widget.NewButton(t("settings.contacts.add"), e.add)
	w.Contacts = e
	label := func(key string) fyne.CanvasObject { return widget.NewLabel(t(key)) }
	return container.NewVBox(newSecondary(t("settings.contacts.hint")), e.None, e.List,
		label("settings.contacts.url"), w.pageField(e.URL),
		label("settings.contacts.username"), w.pageField(e.Username),
		label("settings.contacts.password"), w.pageField(e.Password),
		label("settings.contacts.base_dn"), w.pageField(e.BaseDN),
		label("settings.contacts.ca_file"), w.pageField(e.CAFile),
		container.NewHBox(e.Add), e.Problem, e.Info)
}

// fillContacts shows the books of s.
func (w *SettingsWindow) fillContacts(s settings.Settings) {
	if w.Contacts != nil {
		w.Contacts.show(s.Contacts)
	}
}

func (e *ContactsEditor) show(srcs []contacts.SourceConfig) {
	e.sources = slices.Clone(srcs)
	e.Rows = e.Rows[:0]
	e.List.RemoveAll()
	for i, c := range e.sources {
		on := widget.NewCheck(fmt.Sprintf("%s (%s) %s", c.DisplayName(), c.KindOf(), c.URL), nil)
		on.SetChecked(!c.Disabled)
		on.OnChanged = func(v bool) {
			e.change(func(l []contacts.SourceConfig) []contacts.SourceConfig { l[i].Disabled = !v; return l }, "", "")
		}
		rm := widget.NewButton(e.w.env.t("settings.contacts.remove"), func() {
			e.change(func(l []contacts.SourceConfig) []contacts.SourceConfig { return slices.Delete(l, i, i+1) }, "", "")
		})
		e.Rows = append(e.Rows, ContactRow{On: on, Remove: rm})
		e.List.Add(container.NewBorder(nil, nil, nil, rm, on))
	}
	if len(e.sources) == 0 {
		e.None.Show()
	} else {
		e.None.Hide()
	}
	e.List.Refresh()
}

// add checks the new book and appends it.
func (e *ContactsEditor) add() {
	url := strings.TrimSpace(e.URL.Text)
	c := contacts.SourceConfig{URL: url, Username: strings.TrimSpace(e.Username.Text), BaseDN: strings.TrimSpace(e.BaseDN.Text)}
	switch {
	case c.KindOf() == contacts.KindFile && url != "":
		if spec, err := contacts.ParseSpec(url); err == nil {
			c.URL = spec.URL // an absolute path
		}
	case c.KindOf() == contacts.KindLDAP && strings.ContainsAny(strings.TrimPrefix(strings.TrimPrefix(url, "ldap://"), "ldaps://"), "/?"):
		// An LDAP URL (RFC 4516) carries the base DN, the filter, the bind
		// DN and StartTLS; the fields, where filled, win.
		spec, err := contacts.ParseSpec(url)
		if err != nil {
			setMessage(e.Problem, err.Error())
			return
		}
		spec.Username = cmp.Or(c.Username, spec.Username)
		spec.BaseDN = cmp.Or(c.BaseDN, spec.BaseDN)
		c = spec
	}
	if ca := strings.TrimSpace(e.CAFile.Text); ca != "" && c.KindOf() != contacts.KindFile {
		if err := contacts.CheckCAFile(ca); err != nil {
			setMessage(e.Problem, err.Error())
			return
		}
		c.CAFile = ca
	}
	if err := c.Validate(); err != nil {
		setMessage(e.Problem, err.Error())
		return
	}
	setMessage(e.Problem, "")
	e.change(func(l []contacts.SourceConfig) []contacts.SourceConfig { return append(l, c) }, c.SecretName(), e.Password.Text)
}

// change edits the list of address books, stores a password first (the
// tray syncs the book as soon as it has it), has the list saved and
// applied (by the tray when it runs), then shows the result. The list
// edited is the window's, as last read or saved: only this editor
// changes it.
func (e *ContactsEditor) change(edit func([]contacts.SourceConfig) []contacts.SourceConfig, secretName, password string) {
	w := e.w
	secrets := w.env.Secrets
	list := edit(slices.Clone(w.loaded.Contacts))
	var saved []contacts.SourceConfig
	w.env.async(w.ctx, 0, func(ctx context.Context) error {
		if password != "" {
			if secrets == nil {
				return settings.ErrNoKeyring
			}
			if err := secrets.Set(secretName, password); err != nil {
				return err
			}
		}
		s, _, err := w.env.saveSettings(ctx, settings.Only(settings.Settings{Contacts: list}, settings.FieldContacts))
		if err != nil {
			return err
		}
		saved = s.Contacts
		if saved == nil {
			saved = []contacts.SourceConfig{}
		}
		return nil
	}, func(err error) {
		if saved != nil {
			w.loaded.Contacts = saved // the window's Save must not bring back the old list
			e.show(saved)
		}
		if err != nil {
			setMessage(e.Problem, settings.Message(err, w.env.Catalog))
			return
		}
		if secretName != "" { // a book was added: the fields are for the next one
			for _, f := range []*widget.Entry{e.URL, e.Username, e.Password, e.BaseDN, e.CAFile} {
				f.SetText("")
			}
		}
		setMessage(e.Info, w.env.t("settings.saved"))
	})
}
