// The demo catalog: 10 categories and about 230 products with English and Bangla names and prices in Taka.
// Each base product lists its variants (size, colour, capacity) with the variant's own price in Taka.

export interface SeedCategory {
  slug: string;
  en: string;
  bn: string;
  blurbEn: string;
  blurbBn: string;
  /** [English name, Bangla name, price in Taka] or [English, Bangla, variants: [English, Bangla, price]] */
  items: Array<[string, string, number] | [string, string, Array<[string, string, number]>]>;
}

const colours = {
  white: ['White', 'সাদা'],
  navy: ['Navy Blue', 'নেভি ব্লু'],
  maroon: ['Maroon', 'মেরুন'],
  black: ['Black', 'কালো'],
  red: ['Red', 'লাল'],
  green: ['Green', 'সবুজ'],
  blue: ['Blue', 'নীল'],
  yellow: ['Yellow', 'হলুদ'],
  pink: ['Pink', 'গোলাপি'],
} as const;

const inColours = (price: number, ...names: Array<keyof typeof colours>): Array<[string, string, number]> =>
  names.map((name) => [colours[name][0], colours[name][1], price]);

export const seedCategories: SeedCategory[] = [
  {
    slug: 'groceries',
    en: 'Groceries',
    bn: 'মুদি বাজার',
    blurbEn: 'An everyday essential, packed fresh and delivered to your door.',
    blurbBn: 'প্রতিদিনের প্রয়োজনীয় পণ্য, তাজা প্যাকেটে আপনার দরজায় পৌঁছে যাবে।',
    items: [
      [
        'Miniket Rice',
        'মিনিকেট চাল',
        [
          ['1 kg', '১ কেজি', 78],
          ['5 kg', '৫ কেজি', 380],
          ['25 kg', '২৫ কেজি', 1850],
        ],
      ],
      [
        'Chinigura Aromatic Rice',
        'চিনিগুড়া সুগন্ধি চাল',
        [
          ['1 kg', '১ কেজি', 145],
          ['2 kg', '২ কেজি', 285],
          ['5 kg', '৫ কেজি', 700],
        ],
      ],
      [
        'Red Lentils',
        'মসুর ডাল',
        [
          ['500 g', '৫০০ গ্রাম', 60],
          ['1 kg', '১ কেজি', 115],
          ['2 kg', '২ কেজি', 225],
        ],
      ],
      [
        'Soybean Oil',
        'সয়াবিন তেল',
        [
          ['1 L', '১ লিটার', 175],
          ['2 L', '২ লিটার', 345],
          ['5 L', '৫ লিটার', 850],
        ],
      ],
      [
        'Mustard Oil',
        'সরিষার তেল',
        [
          ['500 ml', '৫০০ মিলি', 150],
          ['1 L', '১ লিটার', 290],
        ],
      ],
      [
        'Sugar',
        'চিনি',
        [
          ['1 kg', '১ কেজি', 130],
          ['2 kg', '২ কেজি', 255],
        ],
      ],
      ['Iodized Salt', 'আয়োডিনযুক্ত লবণ', [['1 kg', '১ কেজি', 42]]],
      [
        'Whole Wheat Atta',
        'লাল আটা',
        [
          ['1 kg', '১ কেজি', 65],
          ['2 kg', '২ কেজি', 125],
          ['5 kg', '৫ কেজি', 300],
        ],
      ],
      [
        'Turmeric Powder',
        'হলুদ গুঁড়া',
        [
          ['200 g', '২০০ গ্রাম', 95],
          ['500 g', '৫০০ গ্রাম', 220],
        ],
      ],
      [
        'Red Chilli Powder',
        'মরিচ গুঁড়া',
        [
          ['200 g', '২০০ গ্রাম', 110],
          ['500 g', '৫০০ গ্রাম', 260],
        ],
      ],
      [
        'Black Tea',
        'চা পাতা',
        [
          ['200 g', '২০০ গ্রাম', 135],
          ['400 g', '৪০০ গ্রাম', 260],
        ],
      ],
      [
        'Chickpeas',
        'ছোলা',
        [
          ['500 g', '৫০০ গ্রাম', 60],
          ['1 kg', '১ কেজি', 115],
        ],
      ],
      ['Flattened Rice (Chira)', 'চিড়া', [['1 kg', '১ কেজি', 90]]],
      ['Puffed Rice (Muri)', 'মুড়ি', [['500 g', '৫০০ গ্রাম', 70]]],
      [
        'Lachcha Semai',
        'লাচ্ছা সেমাই',
        [
          ['200 g', '২০০ গ্রাম', 45],
          ['500 g', '৫০০ গ্রাম', 105],
        ],
      ],
      [
        'Powdered Milk',
        'গুঁড়া দুধ',
        [
          ['500 g', '৫০০ গ্রাম', 450],
          ['1 kg', '১ কেজি', 880],
        ],
      ],
    ],
  },
  {
    slug: 'fish-meat',
    en: 'Fish & Meat',
    bn: 'মাছ ও মাংস',
    blurbEn: 'Cleaned and cut to order, kept cold all the way from the market to your kitchen.',
    blurbBn: 'অর্ডার অনুযায়ী কেটে পরিষ্কার করা, বাজার থেকে রান্নাঘর পর্যন্ত ঠান্ডা রাখা।',
    items: [
      [
        'Padma Hilsa',
        'পদ্মার ইলিশ',
        [
          ['1 kg', '১ কেজি', 1800],
          ['2 kg', '২ কেজি', 3500],
        ],
      ],
      [
        'Rui Fish',
        'রুই মাছ',
        [
          ['1 kg', '১ কেজি', 380],
          ['2 kg', '২ কেজি', 750],
        ],
      ],
      ['Katla Fish', 'কাতলা মাছ', [['1 kg', '১ কেজি', 420]]],
      ['Pangas Fish', 'পাঙ্গাস মাছ', [['1 kg', '১ কেজি', 190]]],
      ['Tilapia Fish', 'তেলাপিয়া মাছ', [['1 kg', '১ কেজি', 230]]],
      [
        'Golda Prawn',
        'গলদা চিংড়ি',
        [
          ['500 g', '৫০০ গ্রাম', 650],
          ['1 kg', '১ কেজি', 1250],
        ],
      ],
      ['Bagda Prawn', 'বাগদা চিংড়ি', [['500 g', '৫০০ গ্রাম', 550]]],
      ['Koi Fish', 'কই মাছ', [['500 g', '৫০০ গ্রাম', 220]]],
      ['Shing Fish', 'শিং মাছ', [['500 g', '৫০০ গ্রাম', 350]]],
      [
        'Beef',
        'গরুর মাংস',
        [
          ['1 kg', '১ কেজি', 780],
          ['2 kg', '২ কেজি', 1540],
        ],
      ],
      ['Mutton', 'খাসির মাংস', [['1 kg', '১ কেজি', 1150]]],
      ['Broiler Chicken', 'ব্রয়লার মুরগি', [['1 kg', '১ কেজি', 210]]],
      ['Deshi Chicken', 'দেশি মুরগি', [['1 kg', '১ কেজি', 580]]],
      ['Duck', 'হাঁস', [['1 piece', '১টি', 650]]],
      [
        'Farm Eggs',
        'ফার্মের ডিম',
        [
          ['12 pcs', '১২টি', 155],
          ['30 pcs', '৩০টি', 380],
        ],
      ],
      ['Dried Fish (Shutki)', 'শুঁটকি মাছ', [['250 g', '২৫০ গ্রাম', 450]]],
    ],
  },
  {
    slug: 'fruits-vegetables',
    en: 'Fruits & Vegetables',
    bn: 'ফল ও সবজি',
    blurbEn: 'Picked this week from farms across Bangladesh.',
    blurbBn: 'এই সপ্তাহেই বাংলাদেশের বিভিন্ন খামার থেকে তোলা।',
    items: [
      [
        'Himsagar Mango',
        'হিমসাগর আম',
        [
          ['1 kg', '১ কেজি', 140],
          ['5 kg', '৫ কেজি', 650],
        ],
      ],
      ['Langra Mango', 'ল্যাংড়া আম', [['1 kg', '১ কেজি', 130]]],
      ['Lychee', 'লিচু', [['100 pcs', '১০০টি', 450]]],
      ['Jackfruit', 'কাঁঠাল', [['1 piece', '১টি', 250]]],
      ['Sagor Banana', 'সাগর কলা', [['1 dozen', '১ ডজন', 120]]],
      ['Guava', 'পেয়ারা', [['1 kg', '১ কেজি', 90]]],
      ['Pineapple', 'আনারস', [['1 piece', '১টি', 60]]],
      ['Green Coconut', 'ডাব', [['1 piece', '১টি', 80]]],
      [
        'Dates',
        'খেজুর',
        [
          ['500 g', '৫০০ গ্রাম', 380],
          ['1 kg', '১ কেজি', 720],
        ],
      ],
      [
        'Potato',
        'আলু',
        [
          ['1 kg', '১ কেজি', 45],
          ['5 kg', '৫ কেজি', 215],
        ],
      ],
      [
        'Deshi Onion',
        'দেশি পেঁয়াজ',
        [
          ['1 kg', '১ কেজি', 85],
          ['3 kg', '৩ কেজি', 250],
        ],
      ],
      ['Garlic', 'রসুন', [['500 g', '৫০০ গ্রাম', 120]]],
      ['Ginger', 'আদা', [['250 g', '২৫০ গ্রাম', 70]]],
      ['Green Chilli', 'কাঁচা মরিচ', [['250 g', '২৫০ গ্রাম', 40]]],
      ['Tomato', 'টমেটো', [['1 kg', '১ কেজি', 80]]],
      ['Brinjal', 'বেগুন', [['1 kg', '১ কেজি', 70]]],
      ['Bitter Gourd', 'করলা', [['500 g', '৫০০ গ্রাম', 50]]],
      ['Red Amaranth', 'লাল শাক', [['1 bunch', '১ আঁটি', 25]]],
      ['Pumpkin', 'মিষ্টি কুমড়া', [['1 piece', '১টি', 90]]],
      ['Lemon', 'লেবু', [['4 pcs', '৪টি', 40]]],
    ],
  },
  {
    slug: 'mens-fashion',
    en: "Men's Fashion",
    bn: 'ছেলেদের পোশাক',
    blurbEn: 'Comfortable for the heat, smart enough for Eid.',
    blurbBn: 'গরমে আরামদায়ক, ঈদের জন্যও মানানসই।',
    items: [
      ['Cotton Panjabi', 'সুতি পাঞ্জাবি', inColours(1450, 'white', 'navy', 'maroon', 'black')],
      ['Silk Panjabi', 'সিল্ক পাঞ্জাবি', inColours(3200, 'white', 'maroon', 'green')],
      ['Checked Lungi', 'চেক লুঙ্গি', inColours(550, 'blue', 'green', 'maroon')],
      ['Polo Shirt', 'পোলো শার্ট', inColours(750, 'white', 'navy', 'black', 'red')],
      ['Denim Jeans', 'ডেনিম জিন্স', inColours(1350, 'blue', 'black')],
      ['Formal Shirt', 'ফরমাল শার্ট', inColours(1200, 'white', 'blue')],
      ['Fatua', 'ফতুয়া', inColours(650, 'white', 'yellow', 'green')],
      ['Leather Sandals', 'চামড়ার স্যান্ডেল', inColours(1100, 'black')],
    ],
  },
  {
    slug: 'womens-fashion',
    en: "Women's Fashion",
    bn: 'মেয়েদের পোশাক',
    blurbEn: 'Woven and stitched in Bangladesh, from everyday cotton to festive silk.',
    blurbBn: 'বাংলাদেশে বোনা ও সেলাই করা, প্রতিদিনের সুতি থেকে উৎসবের সিল্ক।',
    items: [
      ['Dhakai Jamdani Saree', 'ঢাকাই জামদানি শাড়ি', inColours(8500, 'red', 'white', 'blue')],
      ['Tangail Cotton Saree', 'টাঙ্গাইল সুতি শাড়ি', inColours(2200, 'red', 'green', 'yellow', 'blue')],
      ['Rajshahi Silk Saree', 'রাজশাহী সিল্ক শাড়ি', inColours(6500, 'maroon', 'pink')],
      ['Three-Piece Salwar Kameez', 'থ্রি-পিস সালোয়ার কামিজ', inColours(2800, 'pink', 'green', 'blue', 'black')],
      ['Cotton Kurti', 'সুতি কুর্তি', inColours(1150, 'white', 'yellow', 'pink')],
      ['Georgette Hijab', 'জর্জেট হিজাব', inColours(350, 'black', 'navy', 'pink')],
      ['Chiffon Orna', 'শিফন ওড়না', inColours(450, 'red', 'white')],
    ],
  },
  {
    slug: 'electronics',
    en: 'Electronics',
    bn: 'ইলেকট্রনিক্স',
    blurbEn: 'With a one-year service warranty and cash on delivery.',
    blurbBn: 'এক বছরের সার্ভিস ওয়ারেন্টি, ক্যাশ অন ডেলিভারি।',
    items: [
      [
        'LED Television',
        'এলইডি টেলিভিশন',
        [
          ['32 inch', '৩২ ইঞ্চি', 18500],
          ['43 inch', '৪৩ ইঞ্চি', 32000],
          ['55 inch', '৫৫ ইঞ্চি', 58000],
        ],
      ],
      [
        'Refrigerator',
        'রেফ্রিজারেটর',
        [
          ['250 L', '২৫০ লিটার', 38000],
          ['350 L', '৩৫০ লিটার', 52000],
        ],
      ],
      ['Ceiling Fan', 'সিলিং ফ্যান', [['56 inch', '৫৬ ইঞ্চি', 4200]]],
      ['Rechargeable Table Fan', 'রিচার্জেবল টেবিল ফ্যান', [['12 inch', '১২ ইঞ্চি', 3500]]],
      [
        'Rice Cooker',
        'রাইস কুকার',
        [
          ['1.8 L', '১.৮ লিটার', 2800],
          ['2.8 L', '২.৮ লিটার', 3600],
        ],
      ],
      ['Electric Kettle', 'ইলেকট্রিক কেটলি', [['1.5 L', '১.৫ লিটার', 1350]]],
      ['Blender', 'ব্লেন্ডার', [['750 W', '৭৫০ ওয়াট', 4500]]],
      [
        'IPS Power Backup',
        'আইপিএস পাওয়ার ব্যাকআপ',
        [
          ['600 VA', '৬০০ ভিএ', 16500],
          ['1000 VA', '১০০০ ভিএ', 24000],
        ],
      ],
      [
        'Split Air Conditioner',
        'স্প্লিট এয়ার কন্ডিশনার',
        [
          ['1 ton', '১ টন', 52000],
          ['1.5 ton', '১.৫ টন', 65000],
        ],
      ],
      ['Dry Iron', 'ইস্ত্রি', [['1000 W', '১০০০ ওয়াট', 1600]]],
      [
        'Microwave Oven',
        'মাইক্রোওয়েভ ওভেন',
        [
          ['20 L', '২০ লিটার', 11500],
          ['30 L', '৩০ লিটার', 16500],
        ],
      ],
      [
        'LED Bulb',
        'এলইডি বাল্ব',
        [
          ['12 W', '১২ ওয়াট', 180],
          ['18 W', '১৮ ওয়াট', 260],
        ],
      ],
      ['Washing Machine', 'ওয়াশিং মেশিন', [['7 kg', '৭ কেজি', 32000]]],
    ],
  },
  {
    slug: 'mobiles',
    en: 'Mobiles & Accessories',
    bn: 'মোবাইল ও এক্সেসরিজ',
    blurbEn: 'Official warranty, checked before it leaves our warehouse.',
    blurbBn: 'অফিসিয়াল ওয়ারেন্টি, গুদাম থেকে পাঠানোর আগে যাচাই করা।',
    items: [
      [
        'Android Smartphone',
        'অ্যান্ড্রয়েড স্মার্টফোন',
        [
          ['4/64 GB', '৪/৬৪ জিবি', 13500],
          ['6/128 GB', '৬/১২৮ জিবি', 18999],
          ['8/256 GB', '৮/২৫৬ জিবি', 27500],
        ],
      ],
      ['Feature Phone', 'ফিচার ফোন', [['Dual SIM', 'ডুয়াল সিম', 1450]]],
      [
        'Power Bank',
        'পাওয়ার ব্যাংক',
        [
          ['10000 mAh', '১০০০০ এমএএইচ', 1500],
          ['20000 mAh', '২০০০০ এমএএইচ', 2400],
        ],
      ],
      [
        'Fast Charger',
        'ফাস্ট চার্জার',
        [
          ['20 W', '২০ ওয়াট', 850],
          ['33 W', '৩৩ ওয়াট', 1200],
        ],
      ],
      [
        'USB-C Cable',
        'ইউএসবি-সি কেবল',
        [
          ['1 m', '১ মিটার', 350],
          ['2 m', '২ মিটার', 450],
        ],
      ],
      ['Bluetooth Earbuds', 'ব্লুটুথ ইয়ারবাড', inColours(1800, 'white', 'black')],
      ['Wired Earphones', 'তারযুক্ত ইয়ারফোন', [['3.5 mm', '৩.৫ মিমি', 350]]],
      ['Smartwatch', 'স্মার্টওয়াচ', inColours(3500, 'black', 'pink')],
      ['Silicone Phone Cover', 'সিলিকন ফোন কভার', inColours(250, 'black', 'blue', 'pink')],
      ['Tempered Glass Screen Protector', 'টেম্পার্ড গ্লাস স্ক্রিন প্রটেক্টর', [['6.5 inch', '৬.৫ ইঞ্চি', 200]]],
      [
        'Memory Card',
        'মেমরি কার্ড',
        [
          ['32 GB', '৩২ জিবি', 550],
          ['64 GB', '৬৪ জিবি', 850],
          ['128 GB', '১২৮ জিবি', 1450],
        ],
      ],
    ],
  },
  {
    slug: 'home-kitchen',
    en: 'Home & Kitchen',
    bn: 'ঘর ও রান্নাঘর',
    blurbEn: 'Built for Bangladeshi kitchens and homes, made to last.',
    blurbBn: 'বাংলাদেশি ঘর ও রান্নাঘরের জন্য তৈরি, টেকসই।',
    items: [
      ['Nakshi Kantha', 'নকশি কাঁথা', inColours(3500, 'red', 'blue', 'yellow')],
      [
        'Pressure Cooker',
        'প্রেসার কুকার',
        [
          ['3 L', '৩ লিটার', 2400],
          ['5 L', '৫ লিটার', 3200],
        ],
      ],
      [
        'Non-stick Frying Pan',
        'ননস্টিক ফ্রাইপ্যান',
        [
          ['24 cm', '২৪ সেমি', 1250],
          ['28 cm', '২৮ সেমি', 1650],
        ],
      ],
      ['Clay Water Pitcher', 'মাটির কলসি', [['10 L', '১০ লিটার', 450]]],
      ['Steel Dinner Set', 'স্টিলের ডিনার সেট', [['32 pieces', '৩২ পিস', 4500]]],
      ['Melamine Plate Set', 'মেলামাইন প্লেট সেট', [['6 plates', '৬টি প্লেট', 1200]]],
      [
        'Cotton Bedsheet',
        'সুতি বিছানার চাদর',
        [
          ['Single', 'সিঙ্গেল', 950],
          ['Double', 'ডাবল', 1450],
        ],
      ],
      [
        'Mosquito Net',
        'মশারি',
        [
          ['Single', 'সিঙ্গেল', 550],
          ['Double', 'ডাবল', 750],
        ],
      ],
      ['Cotton Pillow', 'তুলার বালিশ', [['1 piece', '১টি', 450]]],
      [
        'Jute Doormat',
        'পাটের পাপোশ',
        [
          ['Small', 'ছোট', 250],
          ['Large', 'বড়', 420],
        ],
      ],
      ['Bonti Fish Cutter', 'বটি', [['Medium', 'মাঝারি', 550]]],
      ['Water Filter', 'পানির ফিল্টার', [['18 L', '১৮ লিটার', 2800]]],
      ['Plastic Storage Jars', 'প্লাস্টিকের কৌটা', [['Set of 6', '৬টির সেট', 650]]],
    ],
  },
  {
    slug: 'beauty',
    en: 'Beauty & Personal Care',
    bn: 'সৌন্দর্য ও ব্যক্তিগত যত্ন',
    blurbEn: 'Genuine products, sealed, straight from the distributor.',
    blurbBn: 'আসল পণ্য, সিল করা, সরাসরি পরিবেশকের কাছ থেকে।',
    items: [
      [
        'Pure Coconut Oil',
        'খাঁটি নারকেল তেল',
        [
          ['200 ml', '২০০ মিলি', 180],
          ['500 ml', '৫০০ মিলি', 390],
        ],
      ],
      [
        'Herbal Neem Soap',
        'ভেষজ নিম সাবান',
        [
          ['75 g', '৭৫ গ্রাম', 65],
          ['Pack of 4', '৪টির প্যাক', 240],
        ],
      ],
      [
        'Anti-dandruff Shampoo',
        'খুশকিনাশক শ্যাম্পু',
        [
          ['180 ml', '১৮০ মিলি', 280],
          ['340 ml', '৩৪০ মিলি', 480],
        ],
      ],
      ['Face Wash', 'ফেসওয়াশ', [['100 ml', '১০০ মিলি', 320]]],
      [
        'Toothpaste',
        'টুথপেস্ট',
        [
          ['100 g', '১০০ গ্রাম', 120],
          ['200 g', '২০০ গ্রাম', 220],
        ],
      ],
      ['Soft Toothbrush', 'নরম টুথব্রাশ', [['1 piece', '১টি', 60]]],
      ['Body Lotion', 'বডি লোশন', [['200 ml', '২০০ মিলি', 350]]],
      [
        'Attar',
        'আতর',
        [
          ['6 ml', '৬ মিলি', 450],
          ['12 ml', '১২ মিলি', 800],
        ],
      ],
      ['Mehedi Henna Cone', 'মেহেদি কোন', [['Pack of 3', '৩টির প্যাক', 90]]],
      ['Kajal', 'কাজল', [['1 piece', '১টি', 220]]],
      ['Amla Hair Oil', 'আমলা হেয়ার অয়েল', [['200 ml', '২০০ মিলি', 250]]],
      ['Sunscreen SPF 50', 'সানস্ক্রিন এসপিএফ ৫০', [['50 ml', '৫০ মিলি', 650]]],
      ['Hand Sanitizer', 'হ্যান্ড স্যানিটাইজার', [['200 ml', '২০০ মিলি', 150]]],
    ],
  },
  {
    slug: 'books',
    en: 'Books',
    bn: 'বই',
    blurbEn: 'Classics of Bangla literature and books for every reader in the family.',
    blurbBn: 'বাংলা সাহিত্যের চিরায়ত বই এবং পরিবারের সব পাঠকের জন্য বই।',
    items: [
      ['Gitanjali by Rabindranath Tagore', 'গীতাঞ্জলি — রবীন্দ্রনাথ ঠাকুর', 350],
      ['Shesher Kobita by Rabindranath Tagore', 'শেষের কবিতা — রবীন্দ্রনাথ ঠাকুর', 220],
      ['Agnibina by Kazi Nazrul Islam', 'অগ্নিবীণা — কাজী নজরুল ইসলাম', 200],
      ['Pather Panchali by Bibhutibhushan Bandyopadhyay', 'পথের পাঁচালী — বিভূতিভূষণ বন্দ্যোপাধ্যায়', 400],
      ['Chander Pahar by Bibhutibhushan Bandyopadhyay', 'চাঁদের পাহাড় — বিভূতিভূষণ বন্দ্যোপাধ্যায়', 300],
      ['Devdas by Sarat Chandra Chattopadhyay', 'দেবদাস — শরৎচন্দ্র চট্টোপাধ্যায়', 250],
      ['Srikanta by Sarat Chandra Chattopadhyay', 'শ্রীকান্ত — শরৎচন্দ্র চট্টোপাধ্যায়', 450],
      ['Lalsalu by Syed Waliullah', 'লালসালু — সৈয়দ ওয়ালীউল্লাহ', 180],
      ['Padma Nadir Majhi by Manik Bandopadhyay', 'পদ্মানদীর মাঝি — মানিক বন্দ্যোপাধ্যায়', 280],
      ['Hajar Bachhar Dhare by Zahir Raihan', 'হাজার বছর ধরে — জহির রায়হান', 220],
      ['Ekattorer Dinguli by Jahanara Imam', 'একাত্তরের দিনগুলি — জাহানারা ইমাম', 450],
      ['Amar Bondhu Rashed by Muhammed Zafar Iqbal', 'আমার বন্ধু রাশেদ — মুহম্মদ জাফর ইকবাল', 200],
      ['Nondito Noroke by Humayun Ahmed', 'নন্দিত নরকে — হুমায়ূন আহমেদ', 200],
      ['Aguner Poroshmoni by Humayun Ahmed', 'আগুনের পরশমণি — হুমায়ূন আহমেদ', 250],
      ['Himu Collection by Humayun Ahmed', 'হিমু সমগ্র — হুমায়ূন আহমেদ', 900],
      ['Feluda Collection by Satyajit Ray', 'ফেলুদা সমগ্র — সত্যজিৎ রায়', 1200],
      ['Thakurmar Jhuli by Dakshinaranjan Mitra Majumder', 'ঠাকুরমার ঝুলি — দক্ষিণারঞ্জন মিত্র মজুমদার', 300],
      ['Aam Antir Bhepu by Bibhutibhushan Bandyopadhyay', 'আম আঁটির ভেঁপু — বিভূতিভূষণ বন্দ্যোপাধ্যায়', 180],
      ['Rhymes for Children', 'ছোটদের ছড়া', 150],
      ['Bangla-English Dictionary', 'বাংলা-ইংরেজি অভিধান', 650],
    ],
  },
];

/** The product seeded with no stock, for out-of-stock pages and tests. */
export const soldOutSlug = 'padma-hilsa-1-kg';

export interface SeedProduct {
  slug: string;
  nameEn: string;
  nameBn: string;
  descriptionEn: string;
  descriptionBn: string;
  /** poisha */
  price: number;
  stock: number;
  categorySlug: string;
  imageUrl: string;
}

export const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Expands the categories into products; stock is deterministic so every run seeds the same catalog. */
export function seedProducts(): SeedProduct[] {
  const products: SeedProduct[] = [];
  for (const category of seedCategories) {
    for (const [en, bn, priceOrVariants] of category.items) {
      const variants: Array<[string, string, number] | undefined> =
        typeof priceOrVariants === 'number' ? [undefined] : priceOrVariants;
      for (const variant of variants) {
        const nameEn = variant ? `${en} (${variant[0]})` : en;
        const nameBn = variant ? `${bn} (${variant[1]})` : bn;
        const taka = variant ? variant[2] : (priceOrVariants as number);
        const slug = slugify(nameEn);
        const n = products.length;
        products.push({
          slug,
          nameEn,
          nameBn,
          descriptionEn: `${nameEn}. ${category.blurbEn}`,
          descriptionBn: `${nameBn}। ${category.blurbBn}`,
          price: taka * 100,
          stock: slug === soldOutSlug ? 0 : 5 + ((n * 7919) % 496),
          categorySlug: category.slug,
          imageUrl: `/images/products/${slug}.svg`,
        });
      }
    }
  }
  return products;
}
