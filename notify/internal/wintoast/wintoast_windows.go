//go:build windows

// Adapted from go-toast v2.0.3 (wintoast/bind_windows.go pushCOM and the
// vtables of internal/winrt), Copyright (c) 2023 Jack Mordaunt, under the
// MIT license (go-toast is dual-licensed Unlicense OR MIT).

package wintoast

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"unsafe"

	gotoast "git.sr.ht/~jackmordaunt/go-toast/v2/wintoast"
	ole "github.com/go-ole/go-ole"
	"golang.org/x/sys/windows"
)

// Interfaces used, from Windows.Data.Xml.Dom.h and Windows.UI.Notifications.h.
var (
	iidXMLDocument            = ole.NewGUID("{f7f3a506-1e87-42d6-bcfb-b8c809fa5494}")
	iidXMLDocumentIO          = ole.NewGUID("{6cd0e74e-ee65-4489-9ebf-ca43e87ba637}")
	iidToastFactory           = ole.NewGUID("{04124b20-82c6-4229-b109-fd9ed4662b53}")
	iidToastManagerStatics5   = ole.NewGUID("{d6f5f569-d40d-407c-8989-88cab42cfd14}")
	procCoRegisterClassObject = windows.NewLazySystemDLL("combase.dll").NewProc("CoRegisterClassObject")
)

// Vtable slots of the methods called; IInspectable's six come first.
const (
	slotLoadXML                   = 6 // IXmlDocumentIO
	slotCreateToastNotification   = 6 // IToastNotificationFactory
	slotGetDefault                = 6 // IToastNotificationManagerStatics5
	slotCreateToastNotifierWithID = 7 // IToastNotificationManagerForUser
	slotShow                      = 6 // IToastNotifier
	slotHide                      = 7 // IToastNotifier
)

// Toast is a shown toast and the notifier that showed it.
type Toast struct{ notifier, toast *ole.IUnknown }

// Available reports whether the Windows Runtime has toasts (Windows 10 and
// 11 do; Wine 8 and Windows Server Core do not).
func Available() error {
	return run(func() error {
		f, err := ole.RoGetActivationFactory("Windows.UI.Notifications.ToastNotificationManager", ole.IID_IInspectable)
		if err != nil {
			return fmt.Errorf("Windows.UI.Notifications.ToastNotificationManager: %w", err)
		}
		f.Release()
		return nil
	})
}

// Show shows xml as a toast of appID. The app data must have been set with
// go-toast's SetAppData, whose activator receives the clicks.
func Show(appID, xml string) (*Toast, error) {
	var t *Toast
	err := run(func() (err error) {
		t, err = show(appID, xml)
		return err
	})
	return t, err
}

// Hide takes the toast off the screen and releases it; t is unusable after.
func (t *Toast) Hide() error {
	return run(func() error {
		defer t.release()
		return invoke(t.notifier, slotHide, uintptr(unsafe.Pointer(t.toast)))
	})
}

// Release forgets the toast and leaves it on the screen, without waiting
// for the thread the release runs on.
func (t *Toast) Release() {
	go run(func() error { t.release(); return nil })
}

func (t *Toast) release() {
	t.toast.Release()
	t.notifier.Release()
}

var activatorRegistered bool // only touched on the COM thread

func show(appID, xml string) (*Toast, error) {
	doc, err := loadXML(xml)
	if err != nil {
		return nil, err
	}
	defer doc.Release()
	notifier, err := newNotifier(appID)
	if err != nil {
		return nil, err
	}
	toast, err := staticCall("Windows.UI.Notifications.ToastNotification", iidToastFactory, slotCreateToastNotification, uintptr(unsafe.Pointer(doc)))
	if err != nil {
		notifier.Release()
		return nil, fmt.Errorf("CreateToastNotification: %w", err)
	}
	err = registerActivator()
	if err == nil {
		err = invoke(notifier, slotShow, uintptr(unsafe.Pointer(toast)))
	}
	if err != nil {
		toast.Release()
		notifier.Release()
		return nil, fmt.Errorf("showing the toast: %w", err)
	}
	return &Toast{notifier: notifier, toast: toast}, nil
}

// registerActivator registers go-toast's class factory for the activator's
// class, once per process (go-toast registers it again on every Push), and
// only once a toast is ready to show: under Wine 8 a registered factory
// makes the process hang at exit (the system releases it, a Go callback,
// while the Go runtime is exiting).
func registerActivator() error {
	if activatorRegistered {
		return nil
	}
	var cookie uint32
	hr, _, _ := procCoRegisterClassObject.Call(
		uintptr(unsafe.Pointer(gotoast.GUID_ImplNotificationActivationCallback)),
		uintptr(unsafe.Pointer(gotoast.ClassFactory)),
		uintptr(ole.CLSCTX_LOCAL_SERVER),
		1, // REGCLS_MULTIPLEUSE
		uintptr(unsafe.Pointer(&cookie)),
	)
	if err := hresult(hr); err != nil {
		return fmt.Errorf("registering the toast activator: %w", err)
	}
	activatorRegistered = true
	return nil
}

// loadXML returns a Windows.Data.Xml.Dom.XmlDocument holding xml.
func loadXML(xml string) (*ole.IUnknown, error) {
	inst, err := ole.RoActivateInstance("Windows.Data.Xml.Dom.XmlDocument")
	if err != nil {
		return nil, fmt.Errorf("XmlDocument: %w", err)
	}
	defer inst.Release()
	docIO, err := inst.QueryInterface(iidXMLDocumentIO)
	if err != nil {
		return nil, fmt.Errorf("IXmlDocumentIO: %w", err)
	}
	defer docIO.Release()
	if err := withHString(xml, func(h ole.HString) error { return invoke(&docIO.IUnknown, slotLoadXML, uintptr(h)) }); err != nil {
		return nil, fmt.Errorf("LoadXml: %w", err)
	}
	doc, err := inst.QueryInterface(iidXMLDocument)
	if err != nil {
		return nil, fmt.Errorf("IXmlDocument: %w", err)
	}
	return &doc.IUnknown, nil
}

// newNotifier is ToastNotificationManager.GetDefault().CreateToastNotifierWithId(appID).
func newNotifier(appID string) (*ole.IUnknown, error) {
	manager, err := staticCall("Windows.UI.Notifications.ToastNotificationManager", iidToastManagerStatics5, slotGetDefault)
	if err != nil {
		return nil, fmt.Errorf("ToastNotificationManager.GetDefault: %w", err)
	}
	defer manager.Release()
	var notifier *ole.IUnknown
	err = withHString(appID, func(h ole.HString) (err error) {
		notifier, err = create(manager, slotCreateToastNotifierWithID, uintptr(h))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("CreateToastNotifierWithId(%q): %w", appID, err)
	}
	return notifier, nil
}

// staticCall calls a static method (with at most one argument) that
// returns an object, through the activation factory iid of class.
func staticCall(class string, iid *ole.GUID, slot int, args ...uintptr) (*ole.IUnknown, error) {
	f, err := ole.RoGetActivationFactory(class, iid)
	if err != nil {
		return nil, err
	}
	defer f.Release()
	return create(&f.IUnknown, slot, args...)
}

// create calls method slot of obj with args (none or one) and the address
// of the object it returns. The syscall takes &out in its own argument list,
// where the compiler keeps the pointer valid.
func create(obj *ole.IUnknown, slot int, args ...uintptr) (*ole.IUnknown, error) {
	var out *ole.IUnknown
	var hr uintptr
	if len(args) == 0 {
		hr, _, _ = syscall.SyscallN(method(obj, slot), uintptr(unsafe.Pointer(obj)), uintptr(unsafe.Pointer(&out)))
	} else {
		hr, _, _ = syscall.SyscallN(method(obj, slot), uintptr(unsafe.Pointer(obj)), args[0], uintptr(unsafe.Pointer(&out)))
	}
	if err := hresult(hr); err != nil {
		return nil, err
	}
	if out == nil { // stubbed-out interfaces (go-toast saw them on Windows 7)
		return nil, ole.NewError(ole.E_NOINTERFACE)
	}
	return out, nil
}

// invoke calls method slot of obj with one argument that is no Go pointer.
func invoke(obj *ole.IUnknown, slot int, arg uintptr) error {
	hr, _, _ := syscall.SyscallN(method(obj, slot), uintptr(unsafe.Pointer(obj)), arg)
	return hresult(hr)
}

func method(obj *ole.IUnknown, slot int) uintptr {
	return (*[8]uintptr)(unsafe.Pointer(obj.RawVTable))[slot]
}

func hresult(hr uintptr) error {
	if int32(hr) < 0 {
		return ole.NewError(hr)
	}
	return nil
}

func withHString(s string, f func(ole.HString) error) error {
	h, err := ole.NewHString(s)
	if err != nil {
		return err
	}
	defer ole.DeleteHString(h)
	return f(h)
}

// The COM thread.
var (
	comOnce  sync.Once
	comCalls chan comCall
)

type comCall struct {
	f    func() error
	done chan<- error
}

// run calls f on the COM thread and returns its error.
func run(f func() error) error {
	comOnce.Do(func() {
		comCalls = make(chan comCall)
		go comThread(comCalls)
	})
	done := make(chan error, 1)
	comCalls <- comCall{f, done}
	return <-done
}

func comThread(calls <-chan comCall) {
	runtime.LockOSThread() // never unlocked: the apartment lives on this thread
	err := ole.RoInitialize(1)
	if oe := (*ole.OleError)(nil); errors.As(err, &oe) && oe.Code() == 1 { // S_FALSE: already initialized
		err = nil
	}
	if err != nil {
		err = fmt.Errorf("RoInitialize: %w", err)
	}
	for c := range calls {
		if err != nil {
			c.done <- err
			continue
		}
		c.done <- guarded(c.f)
	}
}

// guarded turns a panic in f into an error, as go-toast's pushCOM does for
// stubbed-out interfaces, so a broken Windows Runtime costs the toasts and
// not the tray process.
func guarded(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("windows runtime: %v", v)
		}
	}()
	return f()
}
