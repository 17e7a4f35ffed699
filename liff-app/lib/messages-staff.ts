// The staff screen's strings, Japanese first; loaded with that screen (see messages-linking.ts).
// `staff.unavailable` is what everyone who is not staff sees: it must not say what the page is.

const ja = {
  staff: {
    unavailable: {
      title: "このページは表示できません",
      home: "ホームへ戻る",
    },
    loadFailed: "このページを読み込めませんでした",
    title: "スタッフ画面",
    signedInAs: "{{name}}さん",
    store: {
      legend: "操作する店舗",
      hint: "選んだ店舗は、この端末で次回も使われます。",
      single: "操作する店舗",
      required: "操作する店舗を選んでください。",
    },
    scan: {
      title: "会員証を読み取る",
      button: "QRコードを読み取る",
      camera: "カメラでQRコードを読み取る",
      cameraHint: "お客様の会員証のQRコードを枠の中に映してください。",
      cameraStarting: "カメラを起動しています…",
      cameraStop: "読み取りをやめる",
      cameraDenied: "カメラの使用が許可されていません。会員番号と確認コードを入力してください。",
      cameraUnavailable: "この端末ではカメラで読み取れません。会員番号と確認コードを入力してください。",
      scannerFailed: "読み取りを開始できませんでした。もう一度お試しいただくか、会員番号と確認コードを入力してください。",
      checking: "会員証を確認しています…",
    },
    manual: {
      title: "番号で入力する",
      intro: "QRコードを読み取れないときは、お客様の会員証に表示された会員番号と6桁の確認コードを入力してください。",
      memberNumber: {
        label: "会員番号",
        hint: "例: 1000-0001",
        required: "会員番号を入力してください。",
        invalid: "会員番号は半角の英数字とハイフン（-）で、32文字以内で入力してください。",
      },
      code: {
        label: "確認コード",
        hint: "会員証のQRコードの下にある6桁の数字",
        required: "確認コードを入力してください。",
        invalid: "確認コードは6桁の数字で入力してください。",
      },
      submit: "確認する",
      submitting: "確認しています…",
    },
    scanErrors: {
      cardExpired: "有効期限が切れています。お客様に会員証を開き直してもらってください。",
      cardUsed: "このコードはすでに使われています。お客様に会員証を開き直してもらい、新しいコードを読み取ってください。",
      cardInvalid: "会員証のコードではないか、会員番号と確認コードが一致しません。お客様の会員証をご確認ください。",
      memberUnlinked: "このお客様は、会員証の表示後に会員連携を解除しています。お客様にもう一度会員連携してもらってください。",
      badRequest: "読み取った内容を確認できませんでした。もう一度読み取ってください。",
      forbidden: "この操作はできません。",
      rateLimited:
        "確認コードの誤りが続いたため、手入力を一時的に停止しています。QRコードを読み取るか、しばらくしてからお試しください。",
    },
    member: {
      title: "お客様",
      name: "{{name}} 様",
      rank: "ランク",
      number: "会員番号",
      balance: "ポイント残高",
      points: "{{points}} pt",
      timeLeft: "操作できる残り時間",
      expired: "操作できる時間が過ぎました。もう一度会員証を読み取ってください。",
    },
    actions: {
      label: "操作",
      pending: "送信しています…",
      retry: "同じ内容でもう一度送信",
      retryNote: "もう一度送信しても、二重に記録されることはありません。",
      checkIn: {
        title: "来店チェックイン",
        button: "チェックインする",
        done: "チェックイン済み",
      },
      award: {
        title: "ポイント付与",
        label: "お買い上げ金額",
        hint: "お店の還元率でポイントを計算します。",
        unit: "円",
        button: "ポイントを付与する",
        required: "お買い上げ金額を入力してください。",
        invalid: "お買い上げ金額は¥1から¥10,000,000までの整数で入力してください。",
      },
      redeem: {
        title: "ポイント利用",
        label: "利用するポイント",
        hint: "残高 {{balance}} pt まで使えます。",
        unit: "pt",
        button: "ポイントを利用する",
        required: "利用するポイントを入力してください。",
        invalid: "利用するポイントは1 pt以上の整数で入力してください。",
        overBalance: "ポイント残高（{{balance}} pt）を超えています。",
      },
    },
    results: {
      checkIn: "{{store}}でチェックインしました。残高 {{balance}} pt",
      award: "{{points}} pt 付与しました。残高 {{balance}} pt",
      redeem: "{{points}} pt 利用しました。残高 {{balance}} pt",
      lineQueued: "お客様にはLINEでもお知らせします。",
    },
    actionErrors: {
      insufficientPoints: "ポイント残高が足りないため、利用できませんでした。利用するポイントを減らしてください。",
      idempotencyConflict: "前回の送信と内容が違うため、受け付けられませんでした。内容を確認して、もう一度送信してください。",
      scanExpired: "この読み取りは有効時間を過ぎています。もう一度スキャンしてください。",
      forbidden: "この店舗では操作できません。操作する店舗をご確認ください。",
      badRequest: "入力内容をご確認ください。",
      overPointsCap:
        "1回の操作、または1回の読み取りで扱えるポイントの上限を超えています。金額を確認し、必要なら責任者にご相談ください。",
      alreadyCheckedIn: "このお客様は、この読み取りですでに来店記録済みです。",
      memberUnlinked:
        "このお客様は、読み取り後に会員連携を解除しています。もう一度会員連携してから、会員証を読み取ってください。",
    },
    next: "次のお客様",
  },
};

export type StaffMessages = typeof ja;

const en: StaffMessages = {
  staff: {
    unavailable: {
      title: "This page can't be shown",
      home: "Back to home",
    },
    loadFailed: "This page could not be loaded",
    title: "Staff",
    signedInAs: "{{name}}",
    store: {
      legend: "Store",
      hint: "This device remembers the store you choose.",
      single: "Store",
      required: "Choose the store you are working at.",
    },
    scan: {
      title: "Read a member card",
      button: "Scan QR code",
      camera: "Scan QR code with the camera",
      cameraHint: "Hold the customer's member card QR code inside the frame.",
      cameraStarting: "Starting the camera…",
      cameraStop: "Stop scanning",
      cameraDenied: "The camera is not allowed. Enter the member number and the confirmation code instead.",
      cameraUnavailable: "This device can't scan with its camera. Enter the member number and the confirmation code instead.",
      scannerFailed: "The scanner could not start. Try again, or enter the member number and the confirmation code.",
      checking: "Checking the member card…",
    },
    manual: {
      title: "Enter the numbers",
      intro:
        "If the QR code can't be read, enter the member number and the 6-digit confirmation code shown on the customer's card.",
      memberNumber: {
        label: "Member number",
        hint: "e.g. 1000-0001",
        required: "Enter the member number.",
        invalid: "Use letters, digits and hyphens (-) only, up to 32 characters.",
      },
      code: {
        label: "Confirmation code",
        hint: "The 6 digits under the QR code on the card",
        required: "Enter the confirmation code.",
        invalid: "The confirmation code is 6 digits.",
      },
      submit: "Check",
      submitting: "Checking…",
    },
    scanErrors: {
      cardExpired: "This code has expired. Ask the customer to open their member card again.",
      cardUsed: "This code has already been used. Ask the customer to open their member card again and scan the new code.",
      cardInvalid: "This is not a member card code, or the member number and code don't match. Check the customer's card.",
      memberUnlinked:
        "This customer unlinked their membership after the card was shown. Ask them to link their membership again.",
      badRequest: "What was read could not be checked. Please scan again.",
      forbidden: "This can't be done.",
      rateLimited: "Too many wrong codes, so typing codes is paused. Scan the QR code, or try again later.",
    },
    member: {
      title: "Customer",
      name: "{{name}}",
      rank: "Rank",
      number: "Member number",
      balance: "Points balance",
      points: "{{points}} pt",
      timeLeft: "Time left to act",
      expired: "Time is up for this scan. Please read the member card again.",
    },
    actions: {
      label: "Actions",
      pending: "Sending…",
      retry: "Send the same again",
      retryNote: "Sending again never records it twice.",
      checkIn: {
        title: "Check in",
        button: "Check in",
        done: "Checked in",
      },
      award: {
        title: "Award points",
        label: "Purchase amount",
        hint: "Points are worked out at the store's rate.",
        unit: "yen",
        button: "Award points",
        required: "Enter the purchase amount.",
        invalid: "Enter a whole number of yen, from ¥1 to ¥10,000,000.",
      },
      redeem: {
        title: "Redeem points",
        label: "Points to use",
        hint: "Up to the balance of {{balance}} pt.",
        unit: "pt",
        button: "Redeem points",
        required: "Enter the points to use.",
        invalid: "Enter a whole number of points, 1 or more.",
        overBalance: "That is more than the balance ({{balance}} pt).",
      },
    },
    results: {
      checkIn: "Checked in at {{store}}. Balance {{balance}} pt",
      award: "Awarded {{points}} pt. Balance {{balance}} pt",
      redeem: "Redeemed {{points}} pt. Balance {{balance}} pt",
      lineQueued: "We'll also let the customer know in LINE.",
    },
    actionErrors: {
      insufficientPoints: "Not enough points, so nothing was redeemed. Use fewer points.",
      idempotencyConflict: "Not accepted: it differs from what was sent before. Check the entry and send it again.",
      scanExpired: "This scan is no longer valid. Please scan again.",
      forbidden: "You can't act for this store. Check the store you chose.",
      badRequest: "Please check what you entered.",
      overPointsCap: "Over the points limit for one action or one scan. Check the amount, and ask a manager if needed.",
      alreadyCheckedIn: "This customer's visit was already recorded with this scan.",
      memberUnlinked:
        "This customer unlinked their membership after the scan. Ask them to link their membership again, then scan their card.",
    },
    next: "Next customer",
  },
};

export const staffMessages: { ja: StaffMessages; en: StaffMessages } = { ja, en };
