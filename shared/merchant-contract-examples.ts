import type { MerchantOperationId } from "./merchant-contract.ts";

// One example request and answer per merchant operation, as the sandbox merchant answers them
// (its seed data), shortened to at most two entries per list. The OpenAPI document shows them,
// and test/shared/merchant-contract-examples.test.ts parses each with the operation's schemas.

export interface OperationExample {
  /** The JSON body, for an operation that takes one. */
  request?: unknown;
  response: { status: number; body?: unknown };
}

export const merchantOperationExamples: Record<MerchantOperationId, OperationExample> = {
  getLinkSettings: {
    response: {
      status: 200,
      body: {
        secondFactor: "pin",
      },
    },
  },
  authenticateMember: {
    request: {
      memberNumber: "1000-0002",
      secondFactor: {
        type: "pin",
        value: "1234",
      },
    },
    response: {
      status: 200,
      body: {
        memberId: "mem_0002",
      },
    },
  },
  requestOneTimeCode: {
    request: {
      memberNumber: "1000-0002",
    },
    response: {
      status: 202,
    },
  },
  getLineLink: {
    response: {
      status: 200,
      body: {
        lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
        memberId: "mem_0001",
        linkedAt: "2026-07-01T12:34:56.000Z",
      },
    },
  },
  getMemberSummary: {
    response: {
      status: 200,
      body: {
        memberId: "mem_0001",
        memberNumber: "1000-0001",
        name: "山田 太郎",
        rank: {
          code: "gold",
          name: "ゴールド",
          benefits: ["ポイント3倍", "焼き菓子10%オフクーポン"],
        },
        points: {
          balance: 1280,
        },
        rankProgress: null,
      },
    },
  },
  getStaffSettings: {
    response: {
      status: 200,
      body: {
        points: {
          maxPurchaseYenPerAward: 100000,
          maxPurchaseYenPerScan: 200000,
          maxRedeemPointsPerAction: 10000,
          maxRedeemPointsPerScan: 20000,
        },
      },
    },
  },
  getStaffByLineUser: {
    response: {
      status: 200,
      body: {
        staffId: "stf_001",
        name: "鈴木 一郎",
        stores: [
          {
            storeId: "store_shibuya",
            name: "渋谷店",
          },
        ],
      },
    },
  },
  registerMember: {
    request: {
      lineUserId: "U0123456789abcdef0123456789abcdef",
      profile: {
        name: "山田 花子",
        nameKana: "ヤマダ ハナコ",
        birthDate: "1995-04-12",
        email: "hanako@example.com",
      },
      consents: {
        terms: true,
        marketingMessages: true,
      },
    },
    response: {
      status: 201,
      body: {
        memberId: "mem_218d412e-326d-44f6-9dce-1391c7f3e475",
        memberNumber: "1000-0013",
        linkedAt: "2026-12-01T11:02:50.532Z",
      },
    },
  },
  putLineLink: {
    request: {
      memberId: "mem_218d412e-326d-44f6-9dce-1391c7f3e475",
    },
    response: {
      status: 200,
      body: {
        lineUserId: "U0123456789abcdef0123456789abcdef",
        memberId: "mem_218d412e-326d-44f6-9dce-1391c7f3e475",
        linkedAt: "2026-12-01T11:02:50.561Z",
      },
    },
  },
  deleteLineLink: {
    response: {
      status: 204,
    },
  },
  listLineLinks: {
    response: {
      status: 200,
      body: {
        links: [
          {
            lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
            memberId: "mem_0001",
            linkedAt: "2026-07-01T12:34:56.000Z",
          },
        ],
        nextCursor: null,
      },
    },
  },
  getMemberByNumber: {
    response: {
      status: 200,
      body: {
        memberId: "mem_0001",
        memberNumber: "1000-0001",
        name: "山田 太郎",
        rank: {
          code: "gold",
          name: "ゴールド",
          benefits: ["ポイント3倍", "焼き菓子10%オフクーポン"],
        },
        points: {
          balance: 1280,
        },
        rankProgress: null,
      },
    },
  },
  getMemberLineLink: {
    response: {
      status: 200,
      body: {
        lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
        memberId: "mem_0001",
        linkedAt: "2026-07-01T12:34:56.000Z",
      },
    },
  },
  previewPointAward: {
    request: {
      purchaseAmountYen: 1200,
      storeId: "store_shibuya",
    },
    response: {
      status: 200,
      body: {
        points: 36,
      },
    },
  },
  createPointTransaction: {
    request: {
      kind: "award",
      purchaseAmountYen: 1200,
      storeId: "store_shibuya",
      staffId: "stf_001",
    },
    response: {
      status: 201,
      body: {
        transactionId: "pt_51",
        kind: "award",
        points: 36,
        balance: 1316,
        storeId: "store_shibuya",
        staffId: "stf_001",
        occurredAt: "2026-12-01T11:02:50.591Z",
      },
    },
  },
  createCheckIn: {
    request: {
      storeId: "store_shibuya",
      staffId: "stf_001",
    },
    response: {
      status: 201,
      body: {
        checkInId: "chk_3dca0eaa-8584-4897-9d7c-c39d6d511c2e",
        storeId: "store_shibuya",
        staffId: "stf_001",
        occurredAt: "2026-12-01T11:02:50.594Z",
      },
    },
  },
  voidStaffAction: {
    request: {
      storeId: "store_shibuya",
      staffId: "stf_001",
    },
    response: {
      status: 200,
      body: {
        actionId: "pt_51",
        kind: "award",
        points: -36,
        balance: 1280,
        storeId: "store_shibuya",
        staffId: "stf_001",
        voidedAt: "2026-12-01T11:02:50.597Z",
      },
    },
  },
  getPoints: {
    response: {
      status: 200,
      body: {
        balance: 1280,
        expiringSoon: [
          {
            points: 39,
            expiresOn: "2026-12-13",
          },
        ],
      },
    },
  },
  listPointHistory: {
    response: {
      status: 200,
      body: {
        entries: [
          {
            entryId: "pt_52",
            kind: "adjusted",
            points: -36,
            occurredAt: "2026-12-01T11:02:50.597Z",
            storeName: "渋谷店",
            orderId: null,
            orderNumber: null,
            note: "ポイント付与の取り消し",
          },
          {
            entryId: "pt_51",
            kind: "earned_in_store",
            points: 36,
            occurredAt: "2026-12-01T11:02:50.591Z",
            storeName: "渋谷店",
            orderId: null,
            orderNumber: null,
            note: "お買い上げ 1200円",
          },
        ],
        nextCursor: "WyIyMDI2LTEyLTAxVDExOjAyOjUwLjU5MVoiLDUxXQ",
      },
    },
  },
  listOrders: {
    response: {
      status: 200,
      body: {
        orders: [
          {
            orderId: "ord_0018",
            orderNumber: "1024-0018",
            orderedAt: "2026-11-21T03:40:00.000Z",
            status: "ready_for_pickup",
            totalYen: 2040,
            itemCount: 6,
            firstItemName: "発酵バターのクロワッサン",
            fulfilmentType: "pickup",
            storeName: "渋谷店",
            sourceOrderNumber: null,
          },
          {
            orderId: "ord_0017",
            orderNumber: "1024-0017",
            orderedAt: "2026-11-18T11:02:00.000Z",
            status: "shipped",
            totalYen: 3564,
            itemCount: 3,
            firstItemName: "グアテマラ アンティグア 200g",
            fulfilmentType: "delivery",
            storeName: null,
            sourceOrderNumber: null,
          },
        ],
        nextCursor: "WyIyMDI2LTExLTE4VDExOjAyOjAwLjAwMFoiLCJvcmRfMDAxNyJd",
      },
    },
  },
  getOrder: {
    response: {
      status: 200,
      body: {
        orderId: "ord_0018",
        orderNumber: "1024-0018",
        memberId: "mem_0001",
        orderedAt: "2026-11-21T03:40:00.000Z",
        status: "ready_for_pickup",
        statusChangedAt: "2026-11-21T04:40:00.000Z",
        items: [
          {
            productId: "prd_011",
            name: "発酵バターのクロワッサン",
            quantity: 4,
            unitPriceYen: 320,
            lineTotalYen: 1280,
          },
          {
            productId: "prd_012",
            name: "シナモンロール",
            quantity: 2,
            unitPriceYen: 380,
            lineTotalYen: 760,
          },
        ],
        totalYen: 2040,
        fulfilment: {
          type: "pickup",
          storeId: "store_shibuya",
          storeName: "渋谷店",
        },
        sourceOrderId: null,
        sourceOrderNumber: null,
      },
    },
  },
  previewReorder: {
    request: {},
    response: {
      status: 200,
      body: {
        sourceOrderId: "ord_0018",
        sourceOrderNumber: "1024-0018",
        memberId: "mem_0001",
        items: [
          {
            productId: "prd_011",
            name: "発酵バターのクロワッサン",
            quantity: 4,
            previousUnitPriceYen: 320,
            unitPriceYen: 320,
            lineTotalYen: 1280,
            availability: "available",
          },
          {
            productId: "prd_012",
            name: "シナモンロール",
            quantity: 2,
            previousUnitPriceYen: 380,
            unitPriceYen: 380,
            lineTotalYen: 760,
            availability: "available",
          },
        ],
        totalYen: 2040,
        fulfilment: {
          type: "pickup",
          storeId: "store_shibuya",
        },
        charges: [
          {
            kind: "discount",
            label: "ゴールド会員割引 5%",
            amountYen: -102,
          },
        ],
        payableYen: 1938,
        paymentMethod: {
          kind: "pay_at_store",
          label: null,
        },
        pickupStoreName: "渋谷店",
        pickupReadyAt: "2026-12-02T02:00:00.000Z",
      },
    },
  },
  createOrder: {
    request: {
      items: [
        {
          productId: "prd_011",
          quantity: 4,
        },
      ],
      fulfilment: {
        type: "pickup",
        storeId: "store_shibuya",
      },
    },
    response: {
      status: 201,
      body: {
        orderId: "ord_0023",
        orderNumber: "1024-0023",
        memberId: "mem_0001",
        orderedAt: "2026-12-01T11:02:50.630Z",
        status: "placed",
        statusChangedAt: "2026-12-01T11:02:50.630Z",
        items: [
          {
            productId: "prd_011",
            name: "発酵バターのクロワッサン",
            quantity: 4,
            unitPriceYen: 320,
            lineTotalYen: 1280,
          },
        ],
        totalYen: 1280,
        fulfilment: {
          type: "pickup",
          storeId: "store_shibuya",
          storeName: "渋谷店",
        },
        sourceOrderId: null,
        sourceOrderNumber: null,
        charges: [
          {
            kind: "discount",
            label: "ゴールド会員割引 5%",
            amountYen: -64,
          },
        ],
        payableYen: 1216,
        paymentMethod: {
          kind: "pay_at_store",
          label: null,
        },
      },
    },
  },
  getReservationSettings: {
    response: {
      status: 200,
      body: {
        cancellationWindowHours: 24,
        reminders: {
          dayBeforeLocalHour: 18,
          hoursBefore: 2,
          quietHours: {
            startHour: 21,
            endHour: 8,
          },
        },
      },
    },
  },
  listReservableStores: {
    response: {
      status: 200,
      body: {
        stores: [
          {
            storeId: "store_shibuya",
            name: "渋谷店",
            address: "東京都渋谷区神南1-2-3",
            serviceCount: 1,
            location: {
              lat: 35.6617,
              lng: 139.704,
            },
          },
          {
            storeId: "store_kichijoji",
            name: "吉祥寺店",
            address: "東京都武蔵野市吉祥寺本町2-4-6",
            serviceCount: 2,
            location: {
              lat: 35.7033,
              lng: 139.5797,
            },
          },
        ],
      },
    },
  },
  listReservationServices: {
    response: {
      status: 200,
      body: {
        services: [
          {
            serviceId: "svc_shibuya_tasting",
            storeId: "store_shibuya",
            name: "テイスティング席",
            durationMinutes: 60,
            maxPartySize: 4,
            priceYen: 1500,
          },
        ],
      },
    },
  },
  listReservationSlots: {
    response: {
      status: 200,
      body: {
        date: "2026-12-31",
        slots: [
          {
            startsAt: "2026-12-31T01:00:00.000Z",
            endsAt: "2026-12-31T02:00:00.000Z",
            capacity: 4,
            remaining: 4,
          },
          {
            startsAt: "2026-12-31T02:00:00.000Z",
            endsAt: "2026-12-31T03:00:00.000Z",
            capacity: 4,
            remaining: 4,
          },
        ],
      },
    },
  },
  createReservation: {
    request: {
      serviceId: "svc_shibuya_tasting",
      startsAt: "2026-12-31T01:00:00.000Z",
      partySize: 2,
      note: "窓際の席を希望します",
    },
    response: {
      status: 201,
      body: {
        reservationId: "rsv_556bac3b69b6c209",
        reservationNumber: "R-4801",
        memberId: "mem_0001",
        storeId: "store_shibuya",
        storeName: "渋谷店",
        serviceId: "svc_shibuya_tasting",
        serviceName: "テイスティング席",
        startsAt: "2026-12-31T01:00:00.000Z",
        endsAt: "2026-12-31T02:00:00.000Z",
        partySize: 2,
        note: "窓際の席を希望します",
        status: "confirmed",
        changeableUntil: "2026-12-30T01:00:00.000Z",
        bookedAt: "2026-12-01T11:02:50.654Z",
      },
    },
  },
  changeReservation: {
    request: {
      startsAt: "2026-12-31T02:00:00.000Z",
    },
    response: {
      status: 200,
      body: {
        reservationId: "rsv_556bac3b69b6c209",
        reservationNumber: "R-4801",
        memberId: "mem_0001",
        storeId: "store_shibuya",
        storeName: "渋谷店",
        serviceId: "svc_shibuya_tasting",
        serviceName: "テイスティング席",
        startsAt: "2026-12-31T02:00:00.000Z",
        endsAt: "2026-12-31T03:00:00.000Z",
        partySize: 2,
        note: "窓際の席を希望します",
        status: "confirmed",
        changeableUntil: "2026-12-30T02:00:00.000Z",
        bookedAt: "2026-12-01T11:02:50.661Z",
      },
    },
  },
  listReservations: {
    response: {
      status: 200,
      body: {
        reservations: [
          {
            reservationId: "rsv_556bac3b69b6c209",
            reservationNumber: "R-4801",
            memberId: "mem_0001",
            storeId: "store_shibuya",
            storeName: "渋谷店",
            serviceId: "svc_shibuya_tasting",
            serviceName: "テイスティング席",
            startsAt: "2026-12-31T02:00:00.000Z",
            endsAt: "2026-12-31T03:00:00.000Z",
            partySize: 2,
            note: "窓際の席を希望します",
            status: "confirmed",
            changeableUntil: "2026-12-30T02:00:00.000Z",
            bookedAt: "2026-12-01T11:02:50.661Z",
          },
        ],
      },
    },
  },
  getReservation: {
    response: {
      status: 200,
      body: {
        reservationId: "rsv_556bac3b69b6c209",
        reservationNumber: "R-4801",
        memberId: "mem_0001",
        storeId: "store_shibuya",
        storeName: "渋谷店",
        serviceId: "svc_shibuya_tasting",
        serviceName: "テイスティング席",
        startsAt: "2026-12-31T02:00:00.000Z",
        endsAt: "2026-12-31T03:00:00.000Z",
        partySize: 2,
        note: "窓際の席を希望します",
        status: "confirmed",
        changeableUntil: "2026-12-30T02:00:00.000Z",
        bookedAt: "2026-12-01T11:02:50.661Z",
      },
    },
  },
  listReminderCandidates: {
    response: {
      status: 200,
      body: {
        reservations: [
          {
            reservationId: "rsv_556bac3b69b6c209",
            storeName: "渋谷店",
            serviceName: "テイスティング席",
            startsAt: "2026-12-31T02:00:00.000Z",
            partySize: 2,
            bookedAt: "2026-12-01T11:02:50.661Z",
            lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
          },
        ],
        nextCursor: null,
      },
    },
  },
  cancelReservation: {
    response: {
      status: 200,
      body: {
        reservationId: "rsv_556bac3b69b6c209",
        reservationNumber: "R-4801",
        memberId: "mem_0001",
        storeId: "store_shibuya",
        storeName: "渋谷店",
        serviceId: "svc_shibuya_tasting",
        serviceName: "テイスティング席",
        startsAt: "2026-12-31T02:00:00.000Z",
        endsAt: "2026-12-31T03:00:00.000Z",
        partySize: 2,
        note: "窓際の席を希望します",
        status: "cancelled",
        changeableUntil: "2026-12-30T02:00:00.000Z",
        bookedAt: "2026-12-01T11:02:50.661Z",
      },
    },
  },
  listCouponCatalogue: {
    response: {
      status: 200,
      body: {
        coupons: [
          {
            couponDefinitionId: "birthday_cake",
            kind: "birthday",
            title: "お誕生月 ケーキプレゼント",
            benefit: {
              type: "free_item",
              item: "お好きなケーキ1個",
            },
            conditions: "お誕生月のあいだ有効です。",
            everyStore: true,
            stores: [
              {
                storeId: "store_futakotamagawa",
                name: "二子玉川店",
              },
              {
                storeId: "store_kichijoji",
                name: "吉祥寺店",
              },
            ],
            usesPerCoupon: 1,
            validDays: 31,
            rankCode: null,
          },
          {
            couponDefinitionId: "gold_baked_goods_10",
            kind: "rank",
            title: "ゴールド会員 焼き菓子10%オフ",
            benefit: {
              type: "percent_off",
              percent: 10,
            },
            conditions: "焼き菓子のみ。ほかの割引との併用はできません。",
            everyStore: false,
            stores: [
              {
                storeId: "store_kichijoji",
                name: "吉祥寺店",
              },
              {
                storeId: "store_shibuya",
                name: "渋谷店",
              },
            ],
            usesPerCoupon: 2,
            validDays: 60,
            rankCode: "gold",
          },
        ],
      },
    },
  },
  listMemberCoupons: {
    response: {
      status: 200,
      body: {
        coupons: [
          {
            couponId: "cpn_0001_line",
            couponDefinitionId: "line_only_drink_50",
            kind: "line_only",
            title: "LINE会員限定 ドリンク50円引き",
            benefit: {
              type: "amount_off",
              yen: 50,
            },
            conditions: "店内・テイクアウトのドリンク1杯に使えます。",
            everyStore: false,
            stores: [
              {
                storeId: "store_futakotamagawa",
                name: "二子玉川店",
              },
              {
                storeId: "store_kichijoji",
                name: "吉祥寺店",
              },
            ],
            status: "available",
            grantedAt: "2026-11-28T11:02:50.204Z",
            validUntil: "2026-12-28T15:00:00.000Z",
            usesAllowed: 1,
            usesLeft: 1,
            lastUsedAt: null,
          },
          {
            couponId: "cpn_0001_gold",
            couponDefinitionId: "gold_baked_goods_10",
            kind: "rank",
            title: "ゴールド会員 焼き菓子10%オフ",
            benefit: {
              type: "percent_off",
              percent: 10,
            },
            conditions: "焼き菓子のみ。ほかの割引との併用はできません。",
            everyStore: false,
            stores: [
              {
                storeId: "store_kichijoji",
                name: "吉祥寺店",
              },
              {
                storeId: "store_shibuya",
                name: "渋谷店",
              },
            ],
            status: "available",
            grantedAt: "2026-11-21T11:02:50.204Z",
            validUntil: "2027-01-20T15:00:00.000Z",
            usesAllowed: 2,
            usesLeft: 1,
            lastUsedAt: "2026-11-27T11:02:50.204Z",
          },
        ],
      },
    },
  },
  getMemberCoupon: {
    response: {
      status: 200,
      body: {
        couponId: "cpn_0001_line",
        couponDefinitionId: "line_only_drink_50",
        kind: "line_only",
        title: "LINE会員限定 ドリンク50円引き",
        benefit: {
          type: "amount_off",
          yen: 50,
        },
        conditions: "店内・テイクアウトのドリンク1杯に使えます。",
        everyStore: false,
        stores: [
          {
            storeId: "store_futakotamagawa",
            name: "二子玉川店",
          },
          {
            storeId: "store_kichijoji",
            name: "吉祥寺店",
          },
        ],
        status: "available",
        grantedAt: "2026-11-28T11:02:50.204Z",
        validUntil: "2026-12-28T15:00:00.000Z",
        usesAllowed: 1,
        usesLeft: 1,
        lastUsedAt: null,
      },
    },
  },
  grantCoupon: {
    request: {
      couponDefinitionId: "birthday_cake",
      grantKey: "birthday:mem_0001:2026",
    },
    response: {
      status: 200,
      body: {
        couponId: "cpn_0001_birthday",
        couponDefinitionId: "birthday_cake",
        kind: "birthday",
        title: "お誕生月 ケーキプレゼント",
        benefit: {
          type: "free_item",
          item: "お好きなケーキ1個",
        },
        conditions: "お誕生月のあいだ有効です。",
        everyStore: true,
        stores: [
          {
            storeId: "store_futakotamagawa",
            name: "二子玉川店",
          },
          {
            storeId: "store_kichijoji",
            name: "吉祥寺店",
          },
        ],
        status: "expired",
        grantedAt: "2026-05-15T11:02:50.204Z",
        validUntil: "2026-06-15T15:00:00.000Z",
        usesAllowed: 1,
        usesLeft: 1,
        lastUsedAt: null,
      },
    },
  },
  listBirthdayCandidates: {
    response: {
      status: 200,
      body: {
        members: [
          {
            memberId: "mem_0001",
            lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
          },
        ],
        nextCursor: null,
      },
    },
  },
  listPointsExpiryCandidates: {
    response: {
      status: 200,
      body: {
        members: [
          {
            memberId: "mem_0001",
            lineUserId: "U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e",
            points: 39,
            expiresOn: "2026-12-13",
            batchId: "exp_2026-12-13",
          },
        ],
        nextCursor: null,
      },
    },
  },
  redeemCoupon: {
    request: {
      storeId: "store_futakotamagawa",
      staffId: "stf_001",
    },
    response: {
      status: 201,
      body: {
        redemptionId: "rdm_c9d40d6e5ffa43a0a612081ee6d78c58",
        couponId: "cpn_0001_line",
        storeId: "store_futakotamagawa",
        staffId: "stf_001",
        redeemedAt: "2026-12-01T11:02:50.706Z",
        voidedAt: null,
        coupon: {
          couponId: "cpn_0001_line",
          couponDefinitionId: "line_only_drink_50",
          kind: "line_only",
          title: "LINE会員限定 ドリンク50円引き",
          benefit: {
            type: "amount_off",
            yen: 50,
          },
          conditions: "店内・テイクアウトのドリンク1杯に使えます。",
          everyStore: false,
          stores: [
            {
              storeId: "store_futakotamagawa",
              name: "二子玉川店",
            },
            {
              storeId: "store_kichijoji",
              name: "吉祥寺店",
            },
          ],
          status: "used",
          grantedAt: "2026-11-28T11:02:50.204Z",
          validUntil: "2026-12-28T15:00:00.000Z",
          usesAllowed: 1,
          usesLeft: 0,
          lastUsedAt: "2026-12-01T11:02:50.706Z",
        },
      },
    },
  },
  voidCouponRedemption: {
    response: {
      status: 200,
      body: {
        redemptionId: "rdm_c9d40d6e5ffa43a0a612081ee6d78c58",
        couponId: "cpn_0001_line",
        storeId: "store_futakotamagawa",
        staffId: "stf_001",
        redeemedAt: "2026-12-01T11:02:50.706Z",
        voidedAt: "2026-12-01T11:02:50.711Z",
        coupon: {
          couponId: "cpn_0001_line",
          couponDefinitionId: "line_only_drink_50",
          kind: "line_only",
          title: "LINE会員限定 ドリンク50円引き",
          benefit: {
            type: "amount_off",
            yen: 50,
          },
          conditions: "店内・テイクアウトのドリンク1杯に使えます。",
          everyStore: false,
          stores: [
            {
              storeId: "store_futakotamagawa",
              name: "二子玉川店",
            },
            {
              storeId: "store_kichijoji",
              name: "吉祥寺店",
            },
          ],
          status: "available",
          grantedAt: "2026-11-28T11:02:50.204Z",
          validUntil: "2026-12-28T15:00:00.000Z",
          usesAllowed: 1,
          usesLeft: 1,
          lastUsedAt: null,
        },
      },
    },
  },
  evaluateSegment: {
    request: {
      filter: {
        rankCodes: ["gold"],
        pointsMin: 500,
      },
      limit: 2,
    },
    response: {
      status: 200,
      body: {
        lineUserIds: ["U2f8a6c4e1b3d5f7a9c0e2b4d6f8a1c3e"],
        nextCursor: null,
        total: 1,
      },
    },
  },
  consumeAccountLinkNonce: {
    response: {
      status: 200,
      body: {
        memberId: "mem_0001",
      },
    },
  },
};

/** One example of each event the merchant sends (the document's webhooks). */
export const merchantEventExamples = {
  "order.status_changed": {
    type: "order.status_changed",
    eventId: "evt_order_0018_shipped",
    occurredAt: "2026-11-22T10:15:00+09:00",
    memberId: "mem_0001",
    orderId: "ord_0018",
    orderNumber: "1024-0018",
    status: "shipped",
    carrier: "ヤマト運輸",
    trackingNumber: "1234-5678-9012",
  },
  "points.changed": {
    type: "points.changed",
    eventId: "evt_points_online_0018",
    occurredAt: "2026-11-24T09:00:00+09:00",
    memberId: "mem_0001",
    kind: "earned_online",
    points: 61,
    balance: 1341,
    note: "ご注文 1024-0018",
  },
  "coupon.granted": {
    type: "coupon.granted",
    eventId: "evt_coupon_0001_welcome",
    occurredAt: "2026-12-01T20:00:00+09:00",
    memberId: "mem_0001",
    couponId: "cpn_0001_welcome",
  },
  "points.expiring": {
    type: "points.expiring",
    eventId: "evt_expiring_0001_20261213",
    occurredAt: "2026-12-06T10:00:00+09:00",
    memberId: "mem_0001",
    points: 39,
    expiresOn: "2026-12-13",
    batchId: "exp_2026-12-13",
  },
} as const;
