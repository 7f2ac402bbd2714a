package windows

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A long form in a scroll container has two problems in Fyne: a text field
// keeps the mouse wheel for its own (one-line) scroller, so the page stops
// scrolling whenever the pointer passes over a field; and the scroll bar is
// drawn over the content's right edge. page fixes both.

// wheelToPage sits on top of a field and hands wheel events to the page.
// It implements nothing but fyne.Scrollable, so clicks, hover and focus
// still reach the field below it (the driver looks for those separately),
// while for the wheel it is the topmost scrollable under the pointer.
type wheelToPage struct {
	widget.BaseWidget
	page *container.Scroll
}

func newWheelToPage(page *container.Scroll) *wheelToPage {
	w := &wheelToPage{page: page}
	w.ExtendBaseWidget(w)
	return w
}

// Scrolled scrolls the page.
func (w *wheelToPage) Scrolled(ev *fyne.ScrollEvent) { w.page.Scrolled(ev) }

func (w *wheelToPage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(layout.NewSpacer())
}

// MinSize is nothing: the field sets the size.
func (w *wheelToPage) MinSize() fyne.Size { return fyne.Size{} }

// page is a vertical scroll for a form.
type page struct {
	scroll *container.Scroll
}

func newPage() *page { return &page{scroll: container.NewVScroll(nil)} }

// field wraps obj so that the wheel over it scrolls the page.
func (p *page) field(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(obj, newWheelToPage(p.scroll))
}

// pageField is obj wrapped so that the wheel over it scrolls the settings
// page (obj itself before the page exists).
func (w *SettingsWindow) pageField(obj fyne.CanvasObject) fyne.CanvasObject {
	if w.page == nil {
		return obj
	}
	return w.page.field(obj)
}

// setContent shows content with room on the right for the scroll bar.
func (p *page) setContent(content fyne.CanvasObject) {
	bar := theme.Size(theme.SizeNameScrollBar)
	p.scroll.Content = container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+theme.Padding()), content)
	p.scroll.Refresh()
}

// reserveLines keeps room for n lines of text, so a message that appears in
// obj does not push what is below it down.
func reserveLines(obj fyne.CanvasObject, n int) fyne.CanvasObject {
	line := widget.NewLabel("X").MinSize().Height
	return container.New(&minHeight{h: line * float32(n)}, obj)
}

// minHeight is a stack at least h high.
type minHeight struct{ h float32 }

func (m *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := layout.NewStackLayout().MinSize(objs)
	return fyne.NewSize(s.Width, max(s.Height, m.h))
}

func (m *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		o.Move(fyne.Position{})
	}
}
