import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { COUPON_KINDS } from '../../../domain/coupon-policy';

const BASES = ['reorder', 'also-ordered', 'popular'];

@ApiSchema({ name: 'Coupon', description: 'A coupon (times are ISO 8601).' })
export class CouponResponse {
  @ApiProperty()
  couponId!: string;

  @ApiProperty({ description: 'What the customer types at checkout.' })
  code!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty({ enum: COUPON_KINDS, enumName: 'CouponKind' })
  kind!: string;

  @ApiProperty({ minimum: 0, description: 'Won off.' })
  discount!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: 'The delivered order that earned it.' })
  orderId!: string;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ enum: ['ACTIVE', 'EXPIRED'], enumName: 'CouponStatus' })
  status!: string;
}

@ApiSchema({ name: 'MenuRecommendation' })
export class MenuRecommendationResponse {
  @ApiProperty()
  storeId!: string;

  @ApiProperty()
  menuId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  score!: number;

  @ApiProperty({ enum: BASES, enumName: 'RecommendationBasis' })
  basis!: string;

  @ApiProperty({ description: 'Why it is recommended, readable by a person.' })
  reason!: string;
}

@ApiSchema({ name: 'StoreRecommendation' })
export class StoreRecommendationResponse {
  @ApiProperty()
  storeId!: string;

  @ApiProperty()
  score!: number;

  @ApiProperty({ enum: BASES, enumName: 'RecommendationBasis' })
  basis!: string;

  @ApiProperty()
  reason!: string;
}

@ApiSchema({ name: 'Recommendations' })
export class RecommendationsResponse {
  @ApiPropertyOptional({ description: 'Whose they are (absent: popular now, for nobody in particular).' })
  customerId?: string;

  @ApiProperty({
    enum: ['history', 'popular'],
    description: "history: from the customer's own orders; popular: cold start.",
  })
  basis!: string;

  @ApiProperty({ type: [MenuRecommendationResponse] })
  menus!: MenuRecommendationResponse[];

  @ApiProperty({ type: [StoreRecommendationResponse] })
  stores!: StoreRecommendationResponse[];

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;
}
