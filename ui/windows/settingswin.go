package windows

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/ui/autostart"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// SettingsWindow edits every setting. It works without the tray process
// (saving then says the settings apply when GXP Tray starts, and "Test
// connection" asks the phone directly). Fields are validated as typed and
// Save stays disabled while anything is invalid. The passcode goes to the
// SecretStore only, never into a file.
type SettingsWindow struct {
	base

	Phone           *widget.Entry
	TLSMode         *widget.Select
	Fingerprint     *widget.Label
	Forget          *widget.Button
	Passcode        *widget.Entry
	PasscodeInfo    *widget.Label // stored / keyring problems
	SessionOnly     *widget.Button
	Account         *widget.Select
	DialMethod      *widget.Select
	DialPrefix      *widget.Entry
	PlusReplacement *widget.Entry
	Region          *widget.Entry  // how national numbers read; "" = from the locale (the placeholder)
	PollInterval    *widget.Select // a few sensible intervals
	Hotkey          *hotkeyEntry   // takes a pressed combination
	HotkeyInfo      *widget.Label
	Notifications   *widget.Check
	Popup           *widget.Select
	Beep            *widget.Check
	ScreenPopURL    *widget.Entry
	ScreenPopOn     *widget.Select
	PushListen      *widget.Entry
	PushInfo        *widget.Label // what to paste into the phone's Action URL fields
	Autostart       *widget.Check
	Language        *widget.Select
	Contacts        *ContactsEditor // the address books (settingscontacts.go)
	Phones          *PhonesEditor   // the other phones (settingsphones.go)
	// push is "Set up instant notifications" (settingspush.go).
	push pushSetup

	// Advanced holds what few people change; closed at first, so that the
	// address, the password and the test fit on one screen.
	Advanced *widget.Accordion
	// Sections are the window's cards, top to bottom: other settings
	// (address books) add theirs here.
	Sections *fyne.Container

	// Problems holds where each checked field's problem is shown.
	Problems map[settings.Field]fieldProblem

	Test       *widget.Button
	TestResult *widget.Label
	// ReusePasscode asks, naming both addresses, whether the passcode saved
	// for another phone may go to this one; shown when a test withheld it.
	ReusePasscode *widget.Button
	Save          *widget.Button
	Cancel        *widget.Button
	Info          *widget.Label
	Error         *widget.Label

	tlsMode, dialMethod, popup, screenPopOn, language *choice
	poll                                              *pollChoice
	page                                              *page

	// touched are the fields the person changed: only their problems show
	// until Save is pressed (showAll), so a new window opens without errors.
	touched map[settings.Field]bool
	showAll bool
	// warned is the connection (see connKey) whose failed test was shown
	// on Save: pressing Save again saves it anyway.
	warned string

	loaded settings.Settings // as read: the base of what is saved
	pinned string            // the pinned fingerprint, "" after Forget
	// reuseFrom, reuseFor: the person agreed to send the passcode saved for
	// reuseFrom to reuseFor (offerFrom: what the button offers).
	reuseFrom, reuseFor, offerFrom string
	accountIDs                     map[string]int
	autostartWas                   bool
	problems                       settings.Problems
	state                          localapi.State
	haveState                      bool
	pushToken                      string
	saving                         bool
	testing                        bool
	loadedAsync                    bool          // loadAsync has shown what it read
	invalid                        *widget.Label // problems of fields that have no label of their own
}

// NewSettingsWindow builds the window and fills it with the settings (the
// tray's, else the file's with fallbacks for bad values) before any change
// handler is attached.
func NewSettingsWindow(env Env) *SettingsWindow {
	w := &SettingsWindow{Problems: map[settings.Field]fieldProblem{}, accountIDs: map[string]int{}, touched: map[settings.Field]bool{}}
	w.init(env, WindowSettings)
	w.build()

	// The tray answers at once (a local socket); the window must be filled
	// before its change handlers attach.
	ctx, cancel := context.WithTimeout(w.ctx, 2*time.Second)
	s, reset, problem := w.env.loadSettings(ctx)
	cancel()
	w.fill(s)
	switch {
	case problem != "":
		setMessage(w.Error, problem)
	case len(reset) > 0:
		names := make([]string, 0, len(reset))
		for _, f := range reset {
			names = append(names, w.env.t(f.Label()))
		}
		setMessage(w.Info, w.env.t("settings.load.reset", strings.Join(names, ", ")))
	}
	w.attach()
	w.validate()
	if strings.TrimSpace(w.Phone.Text) == "" {
		// Nothing works without the phone's address: start there.
		w.win.Canvas().Focus(w.Phone)
	}
	w.loadAsync()
	return w
}

func (w *SettingsWindow) build() {
	t := w.env.t
	entry := func(f settings.Field, check func(string) error) *widget.Entry {
		e := widget.NewEntry()
		w.checkWith(e, f, check)
		return e
	}
	w.Phone = entry(settings.FieldPhone, settings.ValidatePhone)
	w.Phone.SetPlaceHolder("192.168.1.20")
	w.tlsMode = newChoice(&w.env, []string{settings.TLSPin, settings.TLSCA},
		[]string{"settings.tls_mode.pin", "settings.tls_mode.ca"})
	w.TLSMode = w.tlsMode.sel
	w.Fingerprint = widget.NewLabel("")
	w.Fingerprint.Wrapping = fyne.TextWrapBreak
	w.Fingerprint.Selectable = true
	w.Forget = widget.NewButton(t("settings.pinned_cert.forget"), w.forget)
	w.Passcode = widget.NewPasswordEntry()
	w.PasscodeInfo = newMessage(false)
	w.SessionOnly = widget.NewButton(t("settings.keyring.session"), w.keepForSession)
	w.SessionOnly.Hide()

	w.Account = widget.NewSelect(nil, nil)
	w.dialMethod = newChoice(&w.env, []string{settings.DialAuto, settings.DialMakeCall, settings.DialKeys},
		[]string{"settings.dial_method.auto", "settings.dial_method.make_call", "settings.dial_method.keys"})
	w.DialMethod = w.dialMethod.sel
	w.DialPrefix = entry(settings.FieldDialPrefix, settings.ValidateDialPrefix)
	w.PlusReplacement = entry(settings.FieldPlusReplacement, settings.ValidatePlusReplacement)
	w.Region = entry(settings.FieldContactsRegion, settings.ValidateContactsRegion)
	w.Region.SetPlaceHolder(contacts.DefaultRegion())
	w.poll = newPollChoice(&w.env)
	w.PollInterval = w.poll.sel
	w.Hotkey = newHotkeyEntry()
	w.checkWith(&w.Hotkey.Entry, settings.FieldHotkey, settings.ValidateHotkeySyntax)
	w.Hotkey.SetPlaceHolder(settings.DefaultHotkey)
	w.HotkeyInfo = newMessage(true)

	w.Notifications = widget.NewCheck(t("settings.notifications"), nil)
	w.popup = newChoice(&w.env, []string{settings.PopupAuto, settings.PopupOn, settings.PopupOff},
		[]string{"settings.popup.auto", "settings.popup.on", "settings.popup.off"})
	w.Popup = w.popup.sel
	w.Beep = widget.NewCheck(t("settings.beep"), nil)
	w.ScreenPopURL = entry(settings.FieldScreenPopURL, settings.ValidateScreenPopURL)
	w.ScreenPopURL.SetPlaceHolder("https://crm.example/search?q={number}")
	w.screenPopOn = newChoice(&w.env, []string{settings.ScreenPopOff, settings.ScreenPopRing, settings.ScreenPopAnswer},
		[]string{"settings.screen_pop_on.off", "settings.screen_pop_on.ring", "settings.screen_pop_on.answer"})
	w.ScreenPopOn = w.screenPopOn.sel
	w.PushListen = entry(settings.FieldPushListen, settings.ValidatePushListen)
	w.PushListen.SetPlaceHolder("0.0.0.0:8765")
	w.PushInfo = newMessage(false)
	w.PushInfo.Selectable = true

	w.Autostart = widget.NewCheck(t("settings.autostart"), nil)
	w.language = newChoice(&w.env, []string{settings.LanguageSystem, "en", "ru"},
		[]string{"settings.language.system", "settings.language.en", "settings.language.ru"})
	w.Language = w.language.sel

	w.Test = widget.NewButton(t("window.test_connection"), w.test)
	w.TestResult = newMessage(false)
	w.TestResult.Selectable = true
	w.ReusePasscode = widget.NewButton("", w.reusePasscode)
	w.ReusePasscode.Hide()
	w.Save = widget.NewButton(t("settings.save"), w.save)
	w.Save.Importance = widget.HighImportance
	w.Cancel = widget.NewButton(t("window.close"), w.Close)
	w.Info = newMessage(false)
	w.Error = newMessage(true)
	w.invalid = newMessage(true)

	pg := newPage()
	w.page = pg // before the sections that wrap their fields in it
	hint := func(key string) fyne.CanvasObject { return newSecondary(t(key)) }
	// Each label sits above its field, so a field gets the window's whole
	// width: Russian labels and choices are long, and beside a label column
	// the choices were cut off. A field's problem takes its hint's place
	// under it, or, for a field without a hint, the room beside its label:
	// nothing moves when a problem comes or goes.
	fieldRow := func(f settings.Field, field fyne.CanvasObject, hintKey string, extra ...fyne.CanvasObject) fyne.CanvasObject {
		var side fyne.CanvasObject = layout.NewSpacer()
		var below []fyne.CanvasObject
		if hintKey != "" {
			n := newFieldNote(t(hintKey))
			w.Problems[f] = n
			below = append(below, n)
		} else {
			n := newLabelNote()
			w.Problems[f] = n
			side = n
		}
		head := container.NewBorder(nil, nil, widget.NewLabel(t(f.Label())), nil, side)
		switch field.(type) {
		case *widget.Entry, *hotkeyEntry:
			field = pg.field(field)
		}
		return container.NewVBox(append(append([]fyne.CanvasObject{head, field}, below...), extra...)...)
	}
	// What everyone sets: the phone, its password, a test.
	passHead := container.NewBorder(nil, nil, widget.NewLabel(t("settings.passcode")), nil, w.PasscodeInfo)
	phone := container.NewVBox(
		fieldRow(settings.FieldPhone, w.Phone, "settings.phone.hint"),
		container.NewVBox(passHead, pg.field(w.Passcode), hint("settings.passcode.hint"), container.NewHBox(w.SessionOnly)),
		// The offer to send a password saved for another address shows in
		// the room kept for the test's result.
		container.NewBorder(nil, nil, container.NewVBox(w.Test), nil,
			reserveLines(container.NewVBox(w.TestResult, container.NewHBox(w.ReusePasscode)), 3)),
	)
	general := container.NewVBox(
		w.Notifications,
		fieldRow(settings.FieldPopup, w.Popup, ""),
		fieldRow(settings.FieldHotkey, w.Hotkey, "settings.hotkey.hint", w.HotkeyInfo),
		fieldRow(settings.FieldLanguage, w.Language, ""),
		w.Autostart,
	)
	w.buildPushSetup()
	// What few people change.
	advanced := container.NewVBox(
		fieldRow(settings.FieldTLSMode, w.TLSMode, "settings.tls_mode.hint"),
		fieldRow(settings.FieldPinnedCert, w.Fingerprint, "", container.NewHBox(w.Forget)),
		fieldRow(settings.FieldAccount, w.Account, ""),
		fieldRow(settings.FieldDialMethod, w.DialMethod, "settings.dial_method.hint"),
		fieldRow(settings.FieldDialPrefix, w.DialPrefix, "settings.dial_prefix.hint"),
		fieldRow(settings.FieldPlusReplacement, w.PlusReplacement, "settings.plus_replacement.hint"),
		fieldRow(settings.FieldContactsRegion, w.Region, "settings.contacts_region.hint"),
		container.NewVBox(w.Beep, hint("settings.beep.hint")),
		fieldRow(settings.FieldScreenPopURL, w.ScreenPopURL, "settings.screen_pop_url.hint"),
		fieldRow(settings.FieldScreenPopOn, w.ScreenPopOn, ""),
		fieldRow(settings.FieldPollInterval, w.PollInterval, "settings.poll_interval.hint"),
		fieldRow(settings.FieldPushListen, w.PushListen, "settings.push_listen.hint", w.PushInfo,
			container.NewHBox(w.push.Button), w.push.Replace, w.push.Result),
	)
	w.Advanced = widget.NewAccordion(widget.NewAccordionItem(t("settings.section.advanced"), advanced))
	w.Sections = container.NewVBox(
		widget.NewCard(t("settings.section.phone"), "", phone),
		widget.NewCard(t("settings.section.general"), "", general),
		widget.NewCard(t("settings.contacts"), "", w.contactsSection()),
		widget.NewCard(t("settings.other_phones"), "", w.phonesSection()),
		w.Advanced,
	)
	pg.setContent(w.Sections)
	// The messages of the whole window share the line of the buttons.
	messages := reserveLines(container.NewVBox(w.invalid, w.Info, w.Error), 1)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(w.Cancel, w.Save), messages)
	w.win.SetContent(container.NewBorder(nil, container.NewPadded(bottom), nil, nil, pg.scroll))
	w.win.Resize(fyne.NewSize(640, 720))
}

// checkWith validates e as typed with check (the entry marks itself; the
// message goes to w.Problems).
func (w *SettingsWindow) checkWith(e *widget.Entry, f settings.Field, check func(string) error) {
	if check != nil {
		e.Validator = func(s string) error {
			if err := check(s); err != nil {
				return errors.New(settings.Message(err, w.env.Catalog))
			}
			return nil
		}
	}
}

// fill shows s. No change handlers are attached yet.
func (w *SettingsWindow) fill(s settings.Settings) {
	w.loaded = s
	w.Phone.SetText(s.Phone)
	w.tlsMode.set(s.TLSMode)
	w.pinned = s.PinnedCert
	w.showFingerprint()
	w.setAccounts(s.Account, nil)
	w.dialMethod.set(s.DialMethod)
	w.DialPrefix.SetText(s.DialPrefix)
	w.PlusReplacement.SetText(s.PlusReplacement)
	w.Region.SetText(s.ContactsRegion)
	w.poll.set(s.PollInterval.Duration())
	w.Hotkey.SetText(s.Hotkey)
	w.Notifications.SetChecked(s.Notifications)
	w.popup.set(s.Popup)
	w.Beep.SetChecked(s.Beep)
	w.ScreenPopURL.SetText(s.ScreenPopURL)
	w.screenPopOn.set(s.ScreenPopOn)
	w.PushListen.SetText(s.PushListen)
	w.Autostart.SetChecked(s.Autostart)
	w.autostartWas = s.Autostart
	w.language.set(s.Language)
	w.fillContacts(s)
	w.fillPhones(s)
}

// attach hooks every field to validation, once the values are in.
func (w *SettingsWindow) attach() {
	changed := func(f settings.Field) func(string) {
		return func(string) {
			w.touched[f] = true
			w.changed()
		}
	}
	for f, e := range map[settings.Field]*widget.Entry{settings.FieldPhone: w.Phone, settings.FieldDialPrefix: w.DialPrefix,
		settings.FieldPlusReplacement: w.PlusReplacement, settings.FieldHotkey: &w.Hotkey.Entry,
		settings.FieldScreenPopURL: w.ScreenPopURL, settings.FieldPushListen: w.PushListen, settings.FieldContactsRegion: w.Region,
		settings.FieldPhoneName: w.Phones.DefaultName} {
		e.OnChanged = changed(f)
	}
	for f, s := range map[settings.Field]*widget.Select{settings.FieldTLSMode: w.TLSMode, settings.FieldAccount: w.Account,
		settings.FieldDialMethod: w.DialMethod, settings.FieldPopup: w.Popup, settings.FieldScreenPopOn: w.ScreenPopOn,
		settings.FieldLanguage: w.Language, settings.FieldPollInterval: w.PollInterval} {
		s.OnChanged = changed(f)
	}
	for _, c := range []*widget.Check{w.Notifications, w.Beep, w.Autostart} {
		c.OnChanged = func(bool) { w.changed() }
	}
	w.Passcode.OnChanged = func(string) {
		setMessage(w.Info, "")
		w.connChanged()
	}
}

func (w *SettingsWindow) changed() {
	setMessage(w.Info, "")
	w.validate()
	w.showPush()
	if strings.TrimSpace(w.PushListen.Text) != w.loaded.PushListen {
		w.resetPushSetup()
	}
	w.connChanged()
}

// connChanged forgets a "save anyway" offer once what it was about changed.
func (w *SettingsWindow) connChanged() {
	if w.warned == "" {
		return
	}
	if s, _ := w.collect(); w.connKey(s) != w.warned {
		w.warned = ""
		w.Save.SetText(w.env.t("settings.save"))
	}
}

// collect reads the window into Settings and checks them.
func (w *SettingsWindow) collect() (settings.Settings, settings.Problems) {
	s := w.loaded
	s.Phone = w.Phone.Text
	s.TLSMode = w.tlsMode.value()
	s.PinnedCert = w.pinned
	s.Account = w.accountIDs[w.Account.Selected]
	s.DialMethod = w.dialMethod.value()
	s.DialPrefix = w.DialPrefix.Text
	s.PlusReplacement = w.PlusReplacement.Text
	s.ContactsRegion = w.Region.Text
	s.Hotkey = w.Hotkey.Text
	s.Notifications = w.Notifications.Checked
	s.Popup = w.popup.value()
	s.Beep = w.Beep.Checked
	s.ScreenPopURL = w.ScreenPopURL.Text
	s.ScreenPopOn = w.screenPopOn.value()
	s.PushListen = w.PushListen.Text
	s.Autostart = w.Autostart.Checked
	s.Language = w.language.value()
	s.PollInterval = settings.Duration(w.poll.value())
	s.PhoneName = w.Phones.DefaultName.Text
	s = s.Normalized()
	p := s.Validate()
	if p == nil {
		p = settings.Problems{}
	}
	// The file may lack a phone (not set up yet); the window asks for one.
	if err := settings.ValidatePhone(s.Phone); err != nil {
		p[settings.FieldPhone] = err
	}
	return s, p
}

// validate shows each field's problem and enables Save only when there is none.
func (w *SettingsWindow) validate() {
	_, w.problems = w.collect()
	var other []string
	for f, err := range w.problems {
		if _, ok := w.Problems[f]; !ok {
			other = append(other, w.env.t(f.Label())+": "+settings.Message(err, w.env.Catalog))
		}
	}
	for f, l := range w.Problems {
		if err := w.problems[f]; err != nil && w.shows(f) {
			l.setProblem(settings.Message(err, w.env.Catalog))
		} else {
			l.setProblem("")
		}
	}
	sort.Strings(other)
	setMessage(w.invalid, strings.Join(other, "\n"))
	w.refreshButtons()
}

// shows: the problem of f is for the person's eyes now.
func (w *SettingsWindow) shows(f settings.Field) bool {
	if w.showAll || w.touched[f] {
		return true
	}
	// A problem that follows from another field's change (screen pop "on
	// ring" without an address) shows with that change.
	return f == settings.FieldScreenPopURL && w.touched[settings.FieldScreenPopOn]
}

// shownProblems counts the problems the window shows.
func (w *SettingsWindow) shownProblems() int {
	n := 0
	for f := range w.problems {
		if w.shows(f) {
			n++
		}
	}
	return n
}

// refreshButtons: Save is off while a problem is shown (it says why) and
// while saving; a problem not shown yet (a new window's empty address)
// shows when Save is pressed.
func (w *SettingsWindow) refreshButtons() {
	enable(w.Save, w.shownProblems() == 0 && !w.saving && !w.testing && w.env.Paths.ConfigFile != "")
	enable(w.Test, !w.testing)
	enable(w.Forget, w.pinned != "")
}

func (w *SettingsWindow) showFingerprint() {
	if w.pinned == "" {
		w.Fingerprint.SetText(w.env.t("settings.pinned_cert.none"))
	} else {
		w.Fingerprint.SetText(formatFingerprint(w.pinned))
	}
	if w.Forget != nil {
		enable(w.Forget, w.pinned != "")
	}
}

// formatFingerprint groups the hex in pairs like the phone's web page does.
func formatFingerprint(fp string) string {
	if len(fp) != 64 {
		return fp
	}
	var b strings.Builder
	for i := 0; i < len(fp); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strings.ToUpper(fp[i : i+2]))
	}
	return b.String()
}

// forget drops the pinned certificate; the next connection pins the one the
// phone presents then. Saved with the other settings.
func (w *SettingsWindow) forget() {
	w.pinned = ""
	w.showFingerprint()
	w.changed()
}

func (w *SettingsWindow) setAccounts(current int, accounts []cti.Account) {
	opts, ids := accountOptions(&w.env, accounts, current)
	w.accountIDs = ids
	handler := w.Account.OnChanged
	w.Account.OnChanged = nil // refilling the list is not a user's change
	w.Account.SetOptions(opts)
	for o, id := range ids {
		if id == current {
			w.Account.SetSelected(o)
		}
	}
	w.Account.OnChanged = handler
}

// loadAsync reads what may take time: the keyring (which can hang when
// locked; the store has a timeout), whether autostart is on, and the tray's
// state (hotkey problems, the Action URL base).
func (w *SettingsWindow) loadAsync() {
	secrets := w.env.Secrets
	var (
		passErr, tokenErr error
		token             string
		autoOn            bool
		autoErr           error
		state             localapi.State
		stateErr          error
	)
	w.env.async(w.ctx, 0, func(ctx context.Context) error {
		if secrets == nil {
			passErr = settings.ErrNoKeyring
		} else {
			_, passErr = secrets.Get(settings.SecretPasscode)
			if !isKeyringDown(passErr) {
				token, tokenErr = secrets.Get(settings.SecretPushToken)
			}
		}
		autoOn, autoErr = autostart.Enabled()
		if api, err := w.env.api(); err == nil {
			state, stateErr = api.State(ctx)
		} else {
			stateErr = err
		}
		return nil
	}, func(error) {
		switch {
		case passErr == nil:
			w.Passcode.SetPlaceHolder(w.env.t("settings.passcode.stored"))
		case isKeyringDown(passErr):
			w.keyringDown(passErr)
		case !errors.Is(passErr, settings.ErrNotFound):
			w.env.Logger.Warn("reading the passcode from the keyring", "err", passErr)
		}
		if tokenErr == nil {
			w.pushToken = token
		}
		if autoErr == nil && autoOn != w.Autostart.Checked {
			// The autostart entry is the truth: it may have been removed by hand.
			w.Autostart.OnChanged, w.Autostart.Checked = nil, autoOn
			w.Autostart.Refresh()
			w.Autostart.OnChanged = func(bool) { w.changed() }
			w.autostartWas = autoOn
		} else if autoErr == nil {
			w.autostartWas = autoOn
		}
		if stateErr == nil {
			w.state, w.haveState = state, true
			if state.HotkeyErr != "" {
				setMessage(w.HotkeyInfo, w.env.t("window.settings.hotkey_failed", state.HotkeyErr))
			}
			if state.KeyringErr != "" && !isKeyringDown(passErr) {
				setMessage(w.PasscodeInfo, state.KeyringErr)
			}
		}
		w.showPush()
		if passErr != nil {
			w.focusPasscode()
		}
		w.loadedAsync = true
	})
}

// focusPasscode puts the cursor in the passcode field when there is no
// stored passcode to use, unless the user is already typing somewhere (the
// keyring can take a while to answer).
func (w *SettingsWindow) focusPasscode() {
	if w.Closed() || w.win.Canvas().Focused() != nil {
		return
	}
	w.win.Canvas().Focus(w.Passcode)
}

// isKeyringDown: there is no keyring to keep the passcode in.
func isKeyringDown(err error) bool {
	return errors.Is(err, settings.ErrNoKeyring) || errors.Is(err, settings.ErrKeyringTimeout)
}

// keyringDown says the keyring cannot keep the passcode and offers to keep
// it in the tray process's memory for this session.
func (w *SettingsWindow) keyringDown(err error) {
	msg := w.env.t("settings.keyring.none")
	if errors.Is(err, settings.ErrKeyringTimeout) {
		msg = w.env.t("settings.keyring.timeout")
	}
	setMessage(w.PasscodeInfo, msg+" "+w.env.t("settings.keyring.session_question"))
	w.PasscodeInfo.Importance = widget.WarningImportance
	w.PasscodeInfo.Refresh()
	w.SessionOnly.Show()
}

func (w *SettingsWindow) keepForSession() {
	pass := w.Passcode.Text
	if pass == "" {
		setMessage(w.Error, w.env.t("window.settings.passcode_first"))
		return
	}
	api, err := w.env.api()
	if err != nil {
		setMessage(w.Error, w.env.t("window.settings.session_needs_tray"))
		return
	}
	w.env.async(w.ctx, 0, func(ctx context.Context) error { return api.SetSessionPasscode(ctx, pass) }, func(err error) {
		if err != nil {
			if errors.Is(err, localapi.ErrNotRunning) {
				setMessage(w.Error, w.env.t("window.settings.session_needs_tray"))
			} else {
				setMessage(w.Error, w.env.errText(err))
			}
			return
		}
		setMessage(w.Error, "")
		w.Passcode.SetText("")
		w.Passcode.SetPlaceHolder(w.env.t("settings.passcode.session"))
		setMessage(w.PasscodeInfo, w.env.t("settings.passcode.session"))
		w.PasscodeInfo.Importance = widget.MediumImportance
		w.PasscodeInfo.Refresh()
		w.SessionOnly.Hide()
	})
}

// showPush lists what to paste into the phone's Action URL fields, when the
// tray's listener runs on the address shown.
func (w *SettingsWindow) showPush() {
	listen := strings.TrimSpace(w.PushListen.Text)
	switch {
	case listen == "":
		setMessage(w.PushInfo, "")
	case w.haveState && w.state.PushURL != "" && w.pushToken != "" && listen == w.loaded.PushListen:
		var b strings.Builder
		b.WriteString(w.env.t("window.settings.push_paste", cti.ActionURLSettingsPage))
		for _, f := range cti.ActionURLFields(w.state.PushURL, w.pushToken) {
			fmt.Fprintf(&b, "\n%s (%s): %s", f.Label, f.PValue, f.URL)
		}
		setMessage(w.PushInfo, b.String())
	default:
		setMessage(w.PushInfo, w.env.t("window.settings.push_after_save"))
	}
}

// save checks the fields, tests a changed connection, then writes.
// A connection that changed (address, certificate, password) is tried
// first with one test (the same as "Test connection"), and the window says
// what the phone answered: a wrong password is found here, not later by a
// red icon. When the test fails, Save turns into "Save anyway".
func (w *SettingsWindow) save() {
	s, problems := w.collect()
	w.showAll = true
	if len(problems) > 0 || w.saving || w.testing {
		w.validate()
		w.focusFirstProblem()
		return
	}
	if key := w.connKey(s); w.needsTest(s) && key != w.warned {
		w.runTest(s, func(res localapi.TestResult, err error) {
			switch {
			case err == nil && res.OK:
				w.showTest(res, s)
				s, _ = w.collect() // the test may have pinned the certificate
				w.write(s)
			case err != nil:
				w.warnSaveAnyway(key, w.env.errText(err))
			default:
				w.showTest(res, s)
				w.warnSaveAnyway(key, "")
			}
		})
		return
	}
	w.write(s)
}

// connKey is what a connection test depends on.
func (w *SettingsWindow) connKey(s settings.Settings) string {
	return strings.Join([]string{s.Phone, s.TLSMode, s.PinnedCert, w.Passcode.Text}, "\x00")
}

// needsTest: the connection differs from the saved one. A forgotten
// certificate is not tested: the next connection remembers the new one.
func (w *SettingsWindow) needsTest(s settings.Settings) bool {
	l := w.loaded
	return w.Passcode.Text != "" || s.Phone != l.Phone || s.TLSMode != l.TLSMode
}

// warnSaveAnyway says the phone did not accept the connection and offers
// to save it all the same.
func (w *SettingsWindow) warnSaveAnyway(key, problem string) {
	w.warned = key
	lines := []string{}
	if problem != "" {
		lines = append(lines, "✗ "+problem)
	} else if w.TestResult.Text != "" {
		lines = append(lines, w.TestResult.Text)
	}
	lines = append(lines, w.env.t("window.settings.save_anyway_hint"))
	setMessage(w.TestResult, strings.Join(lines, "\n"))
	w.TestResult.Importance = widget.DangerImportance
	w.TestResult.Refresh()
	w.Save.SetText(w.env.t("window.settings.save_anyway"))
	setMessage(w.Error, w.env.t("window.settings.not_saved"))
}

// focusFirstProblem puts the cursor in the first field with a problem,
// opening the advanced section when it is there.
func (w *SettingsWindow) focusFirstProblem() {
	for _, fe := range []struct {
		f settings.Field
		e fyne.Focusable
	}{{settings.FieldPhone, w.Phone}, {settings.FieldHotkey, w.Hotkey}, {settings.FieldDialPrefix, w.DialPrefix},
		{settings.FieldPlusReplacement, w.PlusReplacement}, {settings.FieldScreenPopURL, w.ScreenPopURL}, {settings.FieldPushListen, w.PushListen}} {
		if w.problems[fe.f] == nil {
			continue
		}
		if fe.f != settings.FieldPhone && fe.f != settings.FieldHotkey {
			w.Advanced.Open(0)
		}
		w.win.Canvas().Focus(fe.e)
		return
	}
}

// write saves what the person changed (only that: the tray may have
// pinned a certificate since the window read the file), the password
// (keyring) and autostart. The tray process saves and applies the change
// when it runs; otherwise the file is changed here.
func (w *SettingsWindow) write(s settings.Settings) {
	change := settings.Diff(w.loaded, s)
	pass := w.Passcode.Text
	secrets := w.env.Secrets
	loadedPhone := w.loaded.Phone
	reuseFrom := ""
	if pass == "" && w.reuseFrom != "" && cti.SameAddress(w.reuseFor, s.Phone) {
		reuseFrom = w.reuseFrom // agreed in words naming both addresses
	}
	exe := w.env.Exe
	autoChange := s.Autostart != w.autostartWas
	var secretErr, autoErr, reloadErr error
	saved, applied := s, false
	w.saving = true
	w.refreshButtons()
	setMessage(w.Info, "")
	setMessage(w.Error, "")
	w.env.async(w.ctx, 0, func(ctx context.Context) error {
		// A passcode stored before its phone was recorded stays the old
		// phone's, whatever address is saved now.
		settings.ClaimPasscode(secrets, loadedPhone)
		if len(change.Fields) > 0 {
			var err error
			if saved, applied, err = w.env.saveSettings(ctx, change); err != nil {
				return err
			}
		}
		secretErr = savePasscode(secrets, s.Phone, pass, reuseFrom)
		if autoChange {
			if s.Autostart {
				autoErr = autostart.Enable(exe)
			} else {
				autoErr = autostart.Disable()
			}
		}
		if applied && pass == "" && reuseFrom == "" {
			return nil // the tray applied the change as it saved it
		}
		// The passcode was saved after the tray applied the change, or
		// the file did not change: the tray reads the passcode again.
		if api, err := w.env.api(); err == nil {
			reloadErr = api.Reload(ctx)
		} else {
			reloadErr = err
		}
		return nil
	}, func(err error) {
		w.saving = false
		w.refreshButtons()
		if err != nil {
			setMessage(w.Error, w.env.t("window.settings.save_failed", settings.Message(err, w.env.Catalog)))
			return
		}
		w.showSaved(saved, pass != "", secretErr, autoErr, reloadErr)
	})
}

// showSaved shows a finished save: saved is what the file holds now (with
// a pin the tray made meanwhile); typed says a passcode was typed, secretErr
// whether it was stored.
func (w *SettingsWindow) showSaved(saved settings.Settings, typed bool, secretErr, autoErr, reloadErr error) {
	w.loaded = saved
	if saved.PinnedCert != w.pinned {
		w.pinned = saved.PinnedCert // pinned by the tray meanwhile
		w.showFingerprint()
	}
	w.warned = ""
	w.Save.SetText(w.env.t("settings.save"))
	if autoErr == nil {
		w.autostartWas = saved.Autostart
	}
	var msgs, errs []string
	switch {
	case reloadErr == nil:
		msgs = append(msgs, w.env.t("settings.saved"))
	case errors.Is(reloadErr, localapi.ErrNotRunning):
		msgs = append(msgs, w.env.t("window.settings.saved_not_running"))
	default:
		msgs = append(msgs, w.env.t("settings.saved"))
		errs = append(errs, w.env.errText(reloadErr))
	}
	switch {
	case !typed:
	case secretErr == nil:
		w.Passcode.SetText("")
		w.Passcode.SetPlaceHolder(w.env.t("settings.passcode.stored"))
		setMessage(w.PasscodeInfo, "")
		w.SessionOnly.Hide()
	case isKeyringDown(secretErr):
		w.keyringDown(secretErr)
	default:
		errs = append(errs, w.env.t("window.settings.keyring_failed", secretErr.Error()))
	}
	if autoErr != nil {
		errs = append(errs, w.env.t("window.settings.autostart_failed", autoErr.Error()))
	}
	setMessage(w.Info, strings.Join(msgs, "\n"))
	setMessage(w.Error, strings.Join(errs, "\n"))
	w.showPush()
}

// test asks the tray (or, when it is not running, the phone directly)
// whether the settings being edited work.
func (w *SettingsWindow) test() {
	s, problems := w.collect()
	if err := problems[settings.FieldPhone]; err != nil {
		w.touched[settings.FieldPhone] = true
		w.validate()
		setMessage(w.TestResult, settings.Message(err, w.env.Catalog))
		return
	}
	w.runTest(s, func(res localapi.TestResult, err error) {
		if err != nil {
			setMessage(w.TestResult, w.env.errText(err))
			return
		}
		w.showTest(res, s)
	})
}

// runTest is one connection test of s, the password typed (or the stored
// one), through the tray process or, without it, directly. There is one
// test code path for the button and for Save.
func (w *SettingsWindow) runTest(s settings.Settings, done func(localapi.TestResult, error)) {
	req := localapi.TestRequest{Phone: s.Phone, Passcode: w.Passcode.Text, TLSMode: s.TLSMode, PinnedCert: s.PinnedCert,
		Repin: s.PinnedCert == "" && w.loaded.PinnedCert != ""}
	if w.reuseFrom != "" && cti.SameAddress(w.reuseFor, s.Phone) {
		req.ReusePasscodeOf = w.reuseFrom
	}
	secrets := w.env.Secrets
	var res localapi.TestResult
	w.testing = true
	w.refreshButtons()
	w.TestResult.Importance = widget.MediumImportance
	setMessage(w.TestResult, w.env.t("window.settings.testing"))
	w.env.async(w.ctx, testTimeout, func(ctx context.Context) error {
		var err error
		res, err = testConnection(ctx, &w.env, req, secrets)
		return err
	}, func(err error) {
		w.testing = false
		w.refreshButtons()
		done(res, err)
	})
}

func (w *SettingsWindow) showTest(res localapi.TestResult, s settings.Settings) {
	t := w.env.t
	var lines []string
	w.ReusePasscode.Hide()
	if !res.OK && res.PasscodeFor != "" && w.Passcode.Text == "" {
		w.offerFrom = res.PasscodeFor
		w.ReusePasscode.SetText(t("window.settings.reuse_passcode", res.PasscodeFor, canonicalPhone(s.Phone)))
		w.ReusePasscode.Show()
	}
	if !res.OK {
		lines = append(lines, "✗ "+res.Problem)
		if res.Hint != "" {
			lines = append(lines, res.Hint)
		}
		setMessage(w.TestResult, strings.Join(lines, "\n"))
		w.TestResult.Importance = widget.DangerImportance
		w.TestResult.Refresh()
		return
	}
	w.TestResult.Importance = widget.SuccessImportance
	lines = append(lines, "✓ "+t("window.settings.test_ok", len(res.Lines), len(busyLines(res.Lines))))
	if len(res.Accounts) > 0 {
		var accs []string
		for _, a := range res.Accounts {
			name := strings.TrimSpace(a.Name)
			if name == "" {
				name = a.SIPID
			}
			reg := t("window.settings.account_unregistered")
			if a.Registered {
				reg = t("window.settings.account_registered")
			}
			accs = append(accs, fmt.Sprintf("%d: %s (%s)", a.ID, name, reg))
		}
		lines = append(lines, t("window.settings.test_accounts", strings.Join(accs, "; ")))
		w.setAccounts(w.accountIDs[w.Account.Selected], res.Accounts)
	}
	switch {
	case res.MakeCall == "works":
		lines = append(lines, t("window.settings.make_call_works"))
	case strings.HasPrefix(res.MakeCall, "disabled"):
		lines = append(lines, t("window.settings.make_call_disabled"))
	default:
		lines = append(lines, t("window.settings.make_call_unknown"))
	}
	if res.Fingerprint != "" {
		lines = append(lines, t("window.settings.test_cert", formatFingerprint(res.Fingerprint)))
		if s.TLSMode == settings.TLSPin && w.pinned == "" && strings.HasPrefix(strings.ToLower(s.Phone), "https://") {
			// First use: remember this certificate; saved with the settings.
			w.pinned = settings.NormalizeFingerprint(res.Fingerprint)
			w.showFingerprint()
			w.changed()
			lines = append(lines, t("window.settings.cert_pinned"))
		}
	}
	lines = append(lines, w.identityLines(res)...)
	if res.Hint != "" {
		lines = append(lines, res.Hint)
	}
	setMessage(w.TestResult, strings.Join(lines, "\n"))
}

// savePasscode stores the password typed for phone, or gives phone the one
// saved for reuseFrom (the person agreed), or does nothing.
func savePasscode(secrets settings.SecretStore, phone, pass, reuseFrom string) error {
	switch {
	case pass == "" && reuseFrom == "":
		return nil
	case secrets == nil:
		if pass == "" {
			return nil
		}
		return settings.ErrNoKeyring
	case pass != "":
		return settings.SavePasscode(secrets, phone, pass)
	}
	return settings.MovePasscode(secrets, reuseFrom, phone)
}

// reusePasscode records the person's agreement to send the passcode saved
// for another phone to the one being edited, and tests again with it.
func (w *SettingsWindow) reusePasscode() {
	w.reuseFrom, w.reuseFor = w.offerFrom, w.Phone.Text
	w.ReusePasscode.Hide()
	w.test()
}

// canonicalPhone is the address as the passcode's owner is named.
func canonicalPhone(addr string) string {
	if c, err := cti.CanonicalAddress(addr); err == nil {
		return c
	}
	return addr
}
