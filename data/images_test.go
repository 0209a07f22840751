package data

import (
	"fmt"
	"slices"
	"testing"
)

// imgTestSet is 4 images of 2x1x2, pixel k = k, label i = 10+i.
func imgTestSet() Images {
	im := Images{N: 4, Height: 2, Width: 1, Channels: 2, Labels: []int{10, 11, 12, 13}, ClassNames: []string{"a"}}
	for k := range 16 {
		im.Pixels = append(im.Pixels, float32(k))
	}
	return im
}

func TestImagesSize(t *testing.T) {
	if got := imgTestSet().Size(); got != 4 {
		t.Errorf("Size = %d, want 4", got)
	}
}

func TestImagesImage(t *testing.T) {
	im := imgTestSet()
	if got := im.Image(2); !slices.Equal(got, []float32{8, 9, 10, 11}) {
		t.Errorf("Image(2) = %v", got)
	}
	if cap(im.Image(1)) != 4 {
		t.Error("Image's capacity reaches into the next image")
	}
}

func TestImagesSliceShares(t *testing.T) {
	im := imgTestSet()
	s := im.Slice(1, 3)
	if s.N != 2 || s.Height != 2 || s.Channels != 2 || len(s.Pixels) != 8 || !slices.Equal(s.Labels, []int{11, 12}) {
		t.Fatalf("Slice(1,3) = %+v", s)
	}
	s.Pixels[0] = -1
	if im.Pixels[4] != -1 {
		t.Error("Slice does not share storage")
	}
	// Appending must not overwrite image 3.
	_ = append(s.Pixels, 99)
	_ = append(s.Labels, 99)
	if im.Pixels[12] != 12 || im.Labels[3] != 13 {
		t.Error("append on a Slice overwrote the next image")
	}
	if e := im.Slice(4, 4); e.N != 0 || len(e.Pixels) != 0 {
		t.Errorf("empty slice = %+v", e)
	}
}

func TestImagesSubsetCopies(t *testing.T) {
	im := imgTestSet()
	s := im.Subset([]int{3, 0, 3})
	if s.N != 3 || !slices.Equal(s.Labels, []int{13, 10, 13}) {
		t.Fatalf("Subset = %+v", s)
	}
	if !slices.Equal(s.Pixels, []float32{12, 13, 14, 15, 0, 1, 2, 3, 12, 13, 14, 15}) {
		t.Errorf("Subset pixels = %v", s.Pixels)
	}
	s.Pixels[0] = -1
	s.Labels[0] = -1
	if im.Pixels[12] != 12 || im.Labels[3] != 13 {
		t.Error("Subset shares storage")
	}
}

func TestImagesUnlabelled(t *testing.T) {
	im := imgTestSet()
	im.Labels = nil
	if im.Slice(0, 2).Labels != nil || im.Subset([]int{1}).Labels != nil {
		t.Error("unlabelled images got labels")
	}
}

func TestImagesOutOfRangePanics(t *testing.T) {
	im := imgTestSet()
	for name, f := range map[string]func(){
		"Slice(3,5)":   func() { im.Slice(3, 5) },
		"Slice(2,1)":   func() { im.Slice(2, 1) },
		"Slice(-1,1)":  func() { im.Slice(-1, 1) },
		"Image(4)":     func() { im.Image(4) },
		"Subset([4])":  func() { im.Subset([]int{4}) },
		"Subset([-1])": func() { im.Subset([]int{-1}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f()
		}()
	}
}

func TestImagesClassNames(t *testing.T) {
	if len(FashionClassNames) != 10 || FashionClassNames[9] != "Ankle boot" || FashionClassNames[0] != "T-shirt/top" {
		t.Errorf("FashionClassNames = %q", FashionClassNames)
	}
	if len(DigitClassNames) != 10 || DigitClassNames[7] != "7" {
		t.Errorf("DigitClassNames = %q", DigitClassNames)
	}
}

func ExampleImages_Slice() {
	// 5 images of 1x1x1 with labels 0..4.
	im := Images{N: 5, Height: 1, Width: 1, Channels: 1,
		Pixels: []float32{0, 0.25, 0.5, 0.75, 1}, Labels: []int{0, 1, 2, 3, 4}}
	// Keep the last 2 images for validation, as the notebook keeps the last
	// 5,000 of Fashion-MNIST's training set.
	train, valid := im.Slice(0, 3), im.Slice(3, 5)
	fmt.Println(train.N, train.Labels, valid.N, valid.Pixels)
	// Output: 3 [0 1 2] 2 [0.75 1]
}

func ExampleImages_Subset() {
	im := Images{N: 3, Height: 1, Width: 2, Channels: 1,
		Pixels: []float32{0, 0.1, 1, 1.1, 2, 2.1}, Labels: []int{7, 8, 9}}
	s := im.Subset([]int{2, 0})
	fmt.Println(s.N, s.Labels, s.Pixels)
	// Output: 2 [9 7] [2 2.1 0 0.1]
}
