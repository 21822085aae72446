import type { Store } from '../../domain/catalog';

/** The demo catalog loaded at start when DEMO_CATALOG is on (default outside production). Prices in won. */
export const DEMO_CATALOG: Store[] = [
  {
    storeId: '1',
    name: 'Golden Fried Chicken',
    category: 'chicken',
    menu: [
      { menuId: 'chicken', name: 'Chicken', price: 18000, description: 'Crispy fried chicken, whole' },
      { menuId: 'spicy-chicken', name: 'Spicy Chicken', price: 19000, description: 'Yangnyeom glazed chicken' },
      { menuId: 'half-and-half', name: 'Half and Half', price: 19500, description: 'Half fried, half spicy' },
      { menuId: 'chicken-cola', name: 'Cola', price: 2000 },
    ],
  },
  {
    storeId: '2',
    name: 'Pizza Napoli',
    category: 'pizza',
    menu: [
      { menuId: 'pizza', name: 'Pizza', price: 21000, description: 'Margherita, large' },
      { menuId: 'pepperoni-pizza', name: 'Pepperoni Pizza', price: 23000 },
      { menuId: 'garlic-bread', name: 'Garlic Bread', price: 5000 },
      { menuId: 'pizza-cola', name: 'Cola', price: 2000 },
    ],
  },
  {
    storeId: '3',
    name: 'Seoul Noodle House',
    category: 'korean',
    menu: [
      { menuId: 'jjajangmyeon', name: 'Jjajangmyeon', price: 8000, description: 'Black bean noodles' },
      { menuId: 'jjamppong', name: 'Jjamppong', price: 9500, description: 'Spicy seafood noodle soup' },
      { menuId: 'tangsuyuk', name: 'Tangsuyuk', price: 22000, description: 'Sweet and sour pork' },
      { menuId: 'dumplings', name: 'Dumplings', price: 7000 },
    ],
  },
];
