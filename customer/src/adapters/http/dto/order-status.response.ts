import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { NOTIFICATION_STATES } from '../../../domain/notification';
import { ORDER_STATUSES, PAYMENT_STATES } from '../../../domain/order-status-view';

const MILESTONES = [...ORDER_STATUSES, 'PAID', 'REFUNDED', 'COUPON_ISSUED'];

@ApiSchema({ name: 'OrderStatusLine' })
export class OrderStatusLineResponse {
  @ApiProperty()
  menuId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ minimum: 1 })
  quantity!: number;

  @ApiProperty({ minimum: 0, description: 'Won.' })
  unitPrice!: number;
}

@ApiSchema({ name: 'OrderStatusTimelineEntry' })
export class TimelineEntryResponse {
  @ApiProperty({ enum: MILESTONES, enumName: 'Milestone' })
  status!: string;

  @ApiProperty({ format: 'date-time', description: 'When it happened.' })
  at!: string;

  @ApiProperty({ example: 'OrderAccepted' })
  eventType!: string;
}

@ApiSchema({ name: 'IssuedCoupon' })
export class IssuedCouponResponse {
  @ApiProperty()
  couponId!: string;

  @ApiProperty({ minimum: 0 })
  discount!: number;

  @ApiProperty()
  reason!: string;
}

@ApiSchema({
  name: 'OrderStatus',
  description: 'The order-status view, built from events only (fields unknown yet are null).',
})
export class OrderStatusResponse {
  @ApiProperty()
  orderId!: string;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'FollowedOrderStatus', nullable: true })
  status!: string | null;

  @ApiPropertyOptional({ description: 'Why it was cancelled or rejected.' })
  statusReason?: string;

  @ApiProperty({ enum: PAYMENT_STATES, enumName: 'PaymentState', nullable: true })
  paymentState!: string | null;

  @ApiPropertyOptional({ minimum: 0 })
  refundedAmount?: number;

  @ApiProperty({ type: 'string', nullable: true })
  customerId!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: [OrderStatusLineResponse] })
  items!: OrderStatusLineResponse[];

  @ApiProperty({ type: 'number', nullable: true, minimum: 0 })
  totalAmount!: number | null;

  @ApiPropertyOptional()
  rider?: string;

  @ApiProperty({ type: [TimelineEntryResponse] })
  timeline!: TimelineEntryResponse[];

  @ApiProperty({ type: [IssuedCouponResponse] })
  coupons!: IssuedCouponResponse[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ minimum: 0, description: 'Grows by one with each event applied.' })
  revision!: number;
}

@ApiSchema({ name: 'Notification' })
export class NotificationResponse {
  @ApiProperty()
  notificationId!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty({ enum: MILESTONES, enumName: 'Milestone' })
  status!: string;

  @ApiProperty({ example: 'Your order #1a2b is being cooked' })
  message!: string;

  @ApiProperty({ enum: NOTIFICATION_STATES, enumName: 'NotificationState' })
  state!: string;

  @ApiProperty({ minimum: 0 })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiPropertyOptional()
  lastError?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  nextAttemptAt?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  sentAt?: string;
}
