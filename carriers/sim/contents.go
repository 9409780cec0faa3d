package sim

import (
	"math/rand/v2"

	"waybill/tracker"
)

// product is something a demo seller ships, with its customs code.
type product struct {
	name, hs string
	price    [2]int // typical price range in whole dollars
}

// products are mostly harmless; a few trip the default pre-shipment
// checks (batteries, liquids, magnets, blades), as in a real catalogue.
var products = []product{
	{"Cotton T-shirt", "6109.10", [2]int{6, 25}},
	{"Phone case", "3926.90", [2]int{3, 15}},
	{"USB-C cable 1m", "8544.42", [2]int{2, 12}},
	{"Silver necklace", "7113.11", [2]int{15, 90}},
	{"Running shoes", "6404.11", [2]int{25, 80}},
	{"LED desk lamp", "9405.21", [2]int{12, 45}},
	{"Wool scarf", "6117.10", [2]int{10, 40}},
	{"Bluetooth earbuds", "8518.30", [2]int{15, 60}},
	{"Kids' puzzle", "9503.00", [2]int{5, 20}},
	{"Yoga mat", "9506.91", [2]int{12, 35}},
	{"Smart watch", "8517.62", [2]int{40, 400}},
	{"Drone with camera", "8806.22", [2]int{150, 900}},
	{"Power bank 10000mAh", "8507.60", [2]int{10, 30}},
	{"Perfume 50ml", "3303.00", [2]int{20, 120}},
	{"Fridge magnets set", "8505.11", [2]int{3, 10}},
	{"Chef knife", "8211.92", [2]int{15, 70}},
}

// productWeights favour the ordinary goods.
var productWeights = []float64{14, 14, 12, 8, 8, 7, 7, 7, 5, 5, 3, 1, 3, 2, 2, 2}

// withContents fills in what the demo parcel holds from its own random
// stream, so the orders' other fields stay as they always were for a seed.
func withContents(o tracker.Order, r *rand.Rand) tracker.Order {
	p := products[weighted(r, productWeights)]
	o.Product = p.name
	o.Currency = "USD"
	o.Amount = tracker.Money((p.price[0]*100 + r.IntN((p.price[1]-p.price[0])*100+1)) / 10 * 10)
	if r.Float64() < 0.95 {
		o.HSCode = p.hs
	}
	if r.Float64() < 0.96 {
		o.DeclaredValue = o.Amount * 7 / 10
	}
	if o.Amount > 300_00 {
		insured := r.Float64() < 0.6
		o.Insured = &insured
	}
	return o
}
