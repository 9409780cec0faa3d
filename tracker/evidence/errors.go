package evidence

// The errors a person reads when a bundle cannot be written (tracker.Wrapf
// formats, so a reader in another language says them in its words): the
// path, the case's number, the evidence file and the font's path are
// values, the OS's words inside as it said them.
const (
	errNoFont       = "no font covering Chinese, Japanese and Korean was found for the bundle's PDF: install one (Debian, Ubuntu: apt-get install fonts-droid-fallback) or name a TrueType file (.ttf) in " + FontKey
	errFontSetting  = "%s %q: %v"
	errNoSuchFile   = "no such file"
	errNotRegular   = "not a regular file"
	errFontRead     = "read: %v"
	errFontTTC      = "a font collection (.ttc): name a single TrueType font (.ttf)"
	errFontOTF      = "an OpenType font with PostScript outlines (.otf): name a TrueType font (.ttf)"
	errFontNotTTF   = "not a TrueType font (.ttf)"
	errBundleExists = "bundle %s: the file exists; give another --out, or move it away first"
	errBundle       = "bundle %s: %v"
	errBundleFont   = "bundle of case %d: font: %v"
	errBundleFontAt = "bundle of case %d: %s %q: %v"
	errBundleFile   = "bundle of case %d: evidence %q: %v"
)

// ErrorFormats are the formats above, for the catalog's test.
func ErrorFormats() []string {
	return []string{errNoFont, errFontSetting, errNoSuchFile, errNotRegular, errFontRead, errFontTTC, errFontOTF,
		errFontNotTTF, errBundleExists, errBundle, errBundleFont, errBundleFontAt, errBundleFile}
}
