package main

import (
	"testing"
)

// The English issue 26 left after e2e_zhrest2_test, under a Chinese
// locale; English is what it was, byte for byte.

// A valid S10 number's note and a routed USPS number's, in `detect` and
// in `add` (an untracked U… item's warning): the service and the country
// in Chinese, the post's name and the numbers as they are.
func TestZhRest3ValidNumberNotes(t *testing.T) {
	t.Parallel()
	zhDB, enDB := twoStores(t)
	runZhSteps(t, zhDB, enDB, []zhStep{
		{args: []string{"detect", "RR123456785GB", "420787459400111206206406260787"},
			zh: []string{"UPU S10 挂号函件（R…），由 Royal Mail（英国）签发。", "带路由前缀 420 + 邮编 78745 的 USPS 条码；请按 9400111206206406260787 跟踪。"},
			en: []string{"UPU S10 registered letter post item (R…), issued by Royal Mail (United Kingdom).",
				"USPS barcode with the routing prefix 420 + ZIP 78745; track it as 9400111206206406260787."},
			notInZh: []string{"issued by", "routing prefix"}},
		{args: []string{"add", "--order", "WB-ZR3", "--tracking", "UA123456785DE"},
			zh:      []string{"UPU S10 无跟踪函件（U…），由 Deutsche Post（德国）签发。U… 类邮件不提供全程跟踪"},
			en:      []string{"UPU S10 untracked letter post item (U…), issued by Deutsche Post (Germany). U… items are not tracked end to end"},
			notInZh: []string{"issued by", "not tracked"}},
	})
}
