/** Who asks to see a payment (from the verified token). */
export interface PaymentViewer {
  id: string;
  role: 'customer' | 'owner' | 'admin' | 'service';
}

export interface GetPaymentQuery {
  orderId: string;
  viewer: PaymentViewer;
}
