package evidence

import (
	"bytes"
	"errors"
	"io/fs"
	"os"

	"waybill/tracker"
)

// SystemFonts are where FindFont looks for a font that covers Chinese,
// Japanese and Korean, in order: Debian's and Ubuntu's packages first.
// Only single TrueType files serve: the PDF library reads no collections
// (.ttc) and no PostScript-outline OpenType (.otf).
var SystemFonts = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", // fonts-droid-fallback
	"/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
	"/usr/share/fonts/truetype/noto-cjk/NotoSansSC-Regular.ttf",
	"/usr/share/fonts/noto-cjk/NotoSansSC-Regular.ttf", // Arch, Fedora
	"/usr/share/fonts/google-noto-sans-sc-fonts/NotoSansSC-Regular.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
	"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
	"/usr/share/fonts/truetype/unifont/unifont.ttf", // fonts-unifont: every BMP character, plainly drawn
	"/Library/Fonts/Arial Unicode.ttf",              // macOS
	"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
}

// LatinFonts are where the PDF's Latin, Greek and Cyrillic text is set
// from: CJK fonts such as Droid Sans Fallback draw no Latin letters.
// None there: the PDF's built-in Helvetica (Western European letters only).
var LatinFonts = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", // fonts-dejavu-core
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
	"/Library/Fonts/Arial.ttf",
	"/System/Library/Fonts/Supplemental/Arial.ttf",
}

// latinFont is the first of LatinFonts there is; "" for none.
func latinFont() string {
	for _, p := range LatinFonts {
		if checkFont(p) == nil {
			return p
		}
	}
	return ""
}

// FontKey is the config setting that names the font.
const FontKey = "[evidence] font"

// ErrNoFont is why no bundle can be written: no font for its text.
var ErrNoFont = tracker.Wrapf(errNoFont)

// FindFont is the font the PDF is set in: the one configured (a path,
// "" for none), else the first of SystemFonts there is. A configured
// font that cannot serve is an error naming the setting, not a quiet
// fall back: the user asked for that one.
func FindFont(configured string) (string, error) {
	if configured != "" {
		if err := checkFont(configured); err != nil {
			return "", tracker.Wrapf(errFontSetting, FontKey, configured, err)
		}
		return configured, nil
	}
	for _, p := range SystemFonts {
		if checkFont(p) == nil {
			return p, nil
		}
	}
	return "", ErrNoFont
}

// checkFont reads the font's first bytes and says whether the PDF
// library can embed it, before that library is given it (it prints to
// standard output on a font it cannot read).
func checkFont(path string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return tracker.Wrapf(errNoSuchFile)
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return tracker.Wrapf(errNotRegular)
	}
	head := make([]byte, 4)
	if _, err := f.Read(head); err != nil {
		return tracker.Wrapf(errFontRead, err)
	}
	return fontKind(head)
}

// fontKind tells a TrueType font from what the PDF library cannot read.
func fontKind(head []byte) error {
	switch {
	case bytes.Equal(head, []byte{0, 1, 0, 0}), bytes.Equal(head, []byte("true")):
		return nil
	case bytes.Equal(head, []byte("ttcf")):
		return tracker.Wrapf(errFontTTC)
	case bytes.Equal(head, []byte("OTTO")):
		return tracker.Wrapf(errFontOTF)
	}
	return tracker.Wrapf(errFontNotTTF)
}
