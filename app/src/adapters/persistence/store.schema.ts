import { Schema } from 'mongoose';

export interface StoreDocument {
  _id: string;
  name: string;
  category: string;
  menu: { menuId: string; name: string; price: number; description?: string }[];
}

export const STORE_MODEL = 'Store';

export const StoreSchema = new Schema<StoreDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    category: { type: String, required: true },
    menu: {
      type: [{ _id: false, menuId: String, name: String, price: Number, description: String }],
      required: true,
    },
  },
  { collection: 'stores', versionKey: false, _id: false },
);
