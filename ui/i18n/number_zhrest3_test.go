package i18n

import (
	"testing"

	"waybill/tracker/number"
)

// A valid S10 number's note and a routed USPS number's read in Chinese
// by their formats: the service in Chinese, the post's name as it is, the
// country in Chinese; English is the detector's note, byte for byte.
func TestValidNumberNotesInChinese(t *testing.T) {
	zh, en := New(Zh), New(En)
	for _, tt := range []struct{ in, want string }{
		{"RR123456785GB", "UPU S10 挂号函件（R…），由 Royal Mail（英国）签发。"},
		{"LX123456785ES", "UPU S10 函件快递 / 可跟踪小包（L…），由 Correos (Spain)（西班牙）签发。"},
		{"CP123456785CC", "UPU S10 包裹（C…），由科科斯（基林）群岛国家邮政签发。"},
		{"UA123456785DE", "UPU S10 无跟踪函件（U…），由 Deutsche Post（德国）签发。U… 类邮件不提供全程跟踪：通常只有收寄扫描，或许还有到达扫描，没有签收记录。"},
		{"AB123456785FR", "UPU S10 国内或双边业务邮件（AB），由 La Poste (Colissimo)（法国）签发。"},
		{"420787459400111206206406260787", "带路由前缀 420 + 邮编 78745 的 USPS 条码；请按 9400111206206406260787 跟踪。"},
	} {
		r := number.Detect(tt.in)
		if !r.Valid {
			t.Fatalf("%s is not valid: %s", tt.in, r.Note)
		}
		if got := zh.DetectorNote(r.Note); got != tt.want {
			t.Errorf("%s %q: Chinese %q, want %q", tt.in, r.Note, got, tt.want)
		}
		if got := en.DetectorNote(r.Note); got != r.Note {
			t.Errorf("%s: English %q, want the detector's %q", tt.in, got, r.Note)
		}
	}
}
