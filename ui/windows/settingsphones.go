package windows

import (
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// PhonesEditor is the settings window's list of the other phones, after
// the one of the "Phone" card (the default phone: the hotkey, tel: links
// and commands without --phone dial on it). Each listed phone can be
// tested and removed; a new one is added from its name, address and admin
// password. Like the address books, every change is saved at once through
// the tray (settings.Change of other_phones), the password first, into the
// keyring for that phone (settings.SavePasscodeFor); the rules of the list
// (names and addresses unique) are the settings' own
// (Settings.ValidatePhones), checked before anything is written.
type PhonesEditor struct {
	// DefaultName names the default phone once there are several
	// (settings' phone_name, saved with the window's Save).
	DefaultName *widget.Entry
	List        *fyne.Container
	Rows        []PhoneRow
	Name        *widget.Entry
	Address     *widget.Entry
	Password    *widget.Entry
	Add         *widget.Button
	Test        *widget.Button // tests the phone typed in, before it is added
	Problem     *widget.Label
	Info        *widget.Label
	None        *widget.Label

	w      *SettingsWindow
	phones []settings.Phone
}

// PhoneRow is one listed phone.
type PhoneRow struct {
	Label  *widget.Label
	Test   *widget.Button
	Remove *widget.Button
	Result *widget.Label // what its last test found
}

// phonesSection builds the editor (the window's fill shows the phones).
func (w *SettingsWindow) phonesSection() fyne.CanvasObject {
	t := w.env.t
	e := &PhonesEditor{w: w, DefaultName: widget.NewEntry(), List: container.NewVBox(), Name: widget.NewEntry(),
		Address: widget.NewEntry(), Password: widget.NewPasswordEntry(), Problem: newMessage(true), Info: newMessage(false),
		None: widget.NewLabel(t("settings.phones.none"))}
	e.DefaultName.SetPlaceHolder(settings.DefaultPhoneName)
	e.Name.SetPlaceHolder(t("settings.phones.name_example"))
	e.Address.SetPlaceHolder("192.168.1.21")
	e.Add = widget.NewButton(t("settings.phones.add"), e.add)
	e.Test = widget.NewButton(t("window.test_connection"), e.testNew)
	w.Phones = e
	note := newLabelNote()
	w.Problems[settings.FieldPhoneName] = note
	label := func(key string) fyne.CanvasObject { return widget.NewLabel(t(key)) }
	return container.NewVBox(newSecondary(t("settings.phones.hint")),
		container.NewBorder(nil, nil, label("settings.phones.default_name"), nil, note), w.pageField(e.DefaultName),
		e.None, e.List,
		label("settings.phones.name"), w.pageField(e.Name),
		label("settings.phones.address"), w.pageField(e.Address),
		label("settings.passcode"), w.pageField(e.Password),
		container.NewHBox(e.Add, e.Test), e.Problem, e.Info)
}

// fillPhones shows the phones of s.
func (w *SettingsWindow) fillPhones(s settings.Settings) {
	if w.Phones != nil {
		w.Phones.DefaultName.SetText(s.PhoneName)
		w.Phones.show(s.OtherPhones)
	}
}

func (e *PhonesEditor) show(phones []settings.Phone) {
	t := e.w.env.t
	e.phones = slices.Clone(phones)
	e.Rows = e.Rows[:0]
	e.List.RemoveAll()
	for _, p := range e.phones {
		row := PhoneRow{Label: widget.NewLabel(t("settings.phones.row", p.Name, p.Address)), Result: newMessage(false)}
		row.Label.Truncation = fyne.TextTruncateEllipsis
		row.Result.Selectable = true
		row.Test = widget.NewButton(t("settings.phones.test"), func() { e.test(p, "", row.Result) })
		row.Remove = widget.NewButton(t("settings.contacts.remove"), func() { e.remove(p) })
		e.Rows = append(e.Rows, row)
		e.List.Add(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(row.Test, row.Remove), row.Label), row.Result))
	}
	if len(e.phones) == 0 {
		e.None.Show()
	} else {
		e.None.Hide()
	}
	e.List.Refresh()
}

// candidate is the phone typed in, trimmed.
func (e *PhonesEditor) candidate() settings.Phone {
	return settings.Phone{Name: strings.TrimSpace(e.Name.Text), Address: strings.TrimSpace(e.Address.Text)}
}

// check is why the list with p added cannot be saved ("" = it can), by
// the settings' rules of the list, against the default phone as the
// window shows it now.
func (e *PhonesEditor) check(p settings.Phone) string {
	s, _ := e.w.collect()
	s.OtherPhones = append(slices.Clone(e.w.loaded.OtherPhones), p)
	idx := len(s.OtherPhones) // p's place in PhoneList
	for _, pe := range s.ValidatePhones() {
		if pe.Index == idx {
			return pe.Err.Text(e.w.env.Catalog)
		}
	}
	return ""
}

// add checks the new phone and appends it.
func (e *PhonesEditor) add() {
	p := e.candidate()
	if msg := e.check(p); msg != "" {
		setMessage(e.Problem, msg)
		return
	}
	if e.Password.Text == "" {
		setMessage(e.Problem, e.w.env.t("settings.phones.need_password"))
		return
	}
	setMessage(e.Problem, "")
	list := append(slices.Clone(e.w.loaded.OtherPhones), p)
	e.change(list, phoneSecret{address: p.Address, password: e.Password.Text}, e.w.env.t("settings.phones.added", p.Name))
}

// remove takes p off the list and forgets its password.
func (e *PhonesEditor) remove(p settings.Phone) {
	list := slices.DeleteFunc(slices.Clone(e.w.loaded.OtherPhones), func(q settings.Phone) bool {
		return settings.SamePhoneName(q.Name, p.Name)
	})
	e.change(list, phoneSecret{forget: p.Address}, e.w.env.t("settings.phones.removed", p.Name))
}

// phoneSecret is what a change of the list does to the keyring: store
// password for address before the list is saved, forget the password of
// the phone at forget after.
type phoneSecret struct{ address, password, forget string }

// change stores a password first (the tray connects to the new phone as
// soon as it has the list), has the list saved and applied, forgets a
// removed phone's password (it is watched no more), then shows the result.
// The list edited is the window's, as last read or saved.
func (e *PhonesEditor) change(list []settings.Phone, sec phoneSecret, done string) {
	w := e.w
	secrets := w.env.Secrets
	var saved []settings.Phone
	ok := false
	w.env.async(w.ctx, 0, func(ctx context.Context) error {
		if sec.password != "" {
			if secrets == nil {
				return settings.ErrNoKeyring
			}
			if err := settings.SavePasscodeFor(secrets, sec.address, sec.password); err != nil {
				return err
			}
		}
		if list == nil {
			list = []settings.Phone{}
		}
		s, _, err := w.env.saveSettings(ctx, settings.Only(settings.Settings{OtherPhones: list}, settings.FieldOtherPhones))
		if err != nil {
			return err
		}
		saved, ok = s.OtherPhones, true
		if sec.forget != "" && secrets != nil && !slices.ContainsFunc(saved, func(p settings.Phone) bool { return cti.SameAddress(p.Address, sec.forget) }) {
			if err := settings.DeletePasscodeFor(secrets, sec.forget); err != nil && !errors.Is(err, settings.ErrNotFound) {
				w.env.Logger.Warn("forgetting a removed phone's password", "err", err)
			}
		}
		return nil
	}, func(err error) {
		if ok {
			w.loaded.OtherPhones = saved // the window's Save must not bring back the old list
			e.show(saved)
		}
		if err != nil {
			setMessage(e.Problem, settings.Message(err, w.env.Catalog))
			return
		}
		if sec.password != "" { // a phone was added: the fields are for the next one
			for _, f := range []*widget.Entry{e.Name, e.Address, e.Password} {
				f.SetText("")
			}
		}
		setMessage(e.Info, done)
	})
}

// testNew tests the phone typed in, with the password typed.
func (e *PhonesEditor) testNew() {
	p := e.candidate()
	if err := settings.ValidatePhone(p.Address); err != nil {
		setMessage(e.Problem, settings.Message(err, e.w.env.Catalog))
		return
	}
	setMessage(e.Problem, "")
	e.test(p, e.Password.Text, e.Info)
}

// test is one connection test of p (its stored password unless one is
// typed: pass), shown in out.
func (e *PhonesEditor) test(p settings.Phone, pass string, out *widget.Label) {
	w := e.w
	req := localapi.TestRequest{Phone: p.Address, Passcode: pass, TLSMode: p.TLSMode}
	secrets := w.env.Secrets
	var res localapi.TestResult
	out.Importance = widget.MediumImportance
	setMessage(out, w.env.t("window.settings.testing"))
	w.env.async(w.ctx, testTimeout, func(ctx context.Context) error {
		var err error
		res, err = testConnection(ctx, &w.env, req, secrets)
		return err
	}, func(err error) {
		if err != nil {
			res = localapi.TestResult{Problem: w.env.errText(err)}
		}
		text, good := w.testSummary(res)
		out.Importance = widget.DangerImportance
		if good {
			out.Importance = widget.SuccessImportance
		}
		setMessage(out, text)
		out.Refresh()
	})
}

// testSummary is a test's result in a few lines, and whether it passed.
func (w *SettingsWindow) testSummary(res localapi.TestResult) (string, bool) {
	if !res.OK {
		lines := []string{"✗ " + res.Problem}
		if res.Hint != "" {
			lines = append(lines, res.Hint)
		}
		return strings.Join(lines, "\n"), false
	}
	lines := []string{"✓ " + w.env.t("window.settings.test_ok", len(res.Lines), len(busyLines(res.Lines)))}
	lines = append(lines, w.identityLines(res)...)
	if res.Fingerprint != "" {
		lines = append(lines, w.env.t("window.settings.test_cert", formatFingerprint(res.Fingerprint)))
	}
	return strings.Join(lines, "\n"), true
}
