// The linking and registration screens' strings, Japanese first. Only those lazily loaded
// screens use them, so they travel in their chunk and join the dictionary when it loads
// (lib/i18n.tsx addMessages); the keys are typed with the rest in messages.ts.

const ja = {
  forms: {
    required: "必須",
    optional: "任意",
    checkInput: "入力内容をご確認ください。",
    invalidField: "この項目の内容をご確認ください。",
  },
  linking: {
    title: "会員連携",
    intro:
      "お持ちの会員証で会員連携すると、LINEで会員証を表示でき、ポイントも店舗とオンラインの両方で貯まって使えるようになります。",
    howPin: "会員証に記載の会員番号と、ご登録の暗証番号を入力してください。",
    howBirthDate: "会員証に記載の会員番号と、ご登録の生年月日を入力してください。",
    howOtp:
      "会員証に記載の会員番号を入力して「コードを送信」を押し、ご登録のメールアドレスまたは電話番号に届いた6桁の確認コードを入力してください。",
    loading: "入力欄を準備しています…",
    memberNumber: {
      label: "会員番号",
      hint: "会員証に記載の番号（例: 1000-0001）",
      required: "会員番号を入力してください。",
      invalid: "会員番号は半角の英数字とハイフン（-）で、32文字以内で入力してください。",
    },
    pin: {
      label: "暗証番号",
      hint: "4〜8桁の数字",
      required: "暗証番号を入力してください。",
      invalid: "暗証番号は4〜8桁の数字で入力してください。",
    },
    birthDate: {
      label: "生年月日",
      required: "生年月日を入力してください。",
      invalid: "生年月日を正しく入力してください。",
    },
    otp: {
      label: "確認コード",
      hint: "メールまたはSMSで届いた6桁の数字",
      required: "確認コードを入力してください。",
      invalid: "確認コードは6桁の数字で入力してください。",
      send: "コードを送信",
      sending: "送信しています…",
      sent: "会員番号が正しければ、ご登録のメールアドレスまたは電話番号に確認コードを送りました。10分以内に入力してください。",
      needMemberNumber: "先に会員番号を入力してから、コードを送信してください。",
      rateLimited: "確認コードの送信回数の上限に達しました。しばらくしてからもう一度お試しください。",
    },
    submit: "会員連携する",
    submitting: "会員連携しています…",
    done: "会員連携しました",
    noMembership: "会員証をお持ちでない方は、LINEからその場で会員登録できます。",
    registerLink: "新規会員登録はこちら",
    errors: {
      invalidCredentialsPin: "会員番号または暗証番号が正しくありません。会員証をご確認のうえ、もう一度入力してください。",
      invalidCredentialsBirthDate: "会員番号または生年月日が正しくありません。会員証をご確認のうえ、もう一度入力してください。",
      invalidCredentialsOtp: "会員番号または確認コードが正しくありません。もう一度入力するか、コードを送り直してください。",
      remainingTries: "あと{{count}}回間違えると、会員連携が一時的に停止されます。",
      noTriesLeft: "入力の誤りが続いたため、会員連携を一時的に停止しました。しばらくしてからもう一度お試しください。",
      memberLocked:
        "入力の誤りが続いたため、この会員番号での会員連携をロックしました。お手数ですが、店舗までお問い合わせください。",
      rateLimited:
        "試行回数の上限に達したため、会員連携を一時的に停止しています。あと{{minutes}}分（{{time}}以降）にもう一度お試しください。",
      rateLimitedNoTime: "試行回数の上限に達したため、会員連携を一時的に停止しています。しばらくしてからもう一度お試しください。",
      alreadyLinked: "このLINEアカウントは、すでに会員連携しています。会員連携できる会員番号はひとつだけです。",
      memberLinkedElsewhere:
        "この会員番号は、別のLINEアカウントと会員連携されています。お心当たりがない場合は、お手数ですが店舗までお問い合わせください。",
      showCard: "会員証を表示",
    },
    alreadyLinked: {
      title: "すでに会員連携済みです",
      body: "このLINEアカウントは会員番号 {{memberNumber}} と会員連携しています。別の会員番号で会員連携するには、設定から今の会員連携を解除してください。",
      card: "会員証を表示",
      settings: "会員連携の設定",
    },
  },
  register: {
    title: "新規会員登録",
    intro: "LINEからその場で会員登録できます。登録すると、このLINEアカウントとの会員連携も同時に完了します。",
    consentNote: "入力いただいた項目だけをお店に送ります。「任意」の項目は空欄のままで構いません。",
    name: {
      label: "お名前",
      hint: "会員証に表示されます",
      required: "お名前を入力してください。",
      tooLong: "お名前は64文字以内で入力してください。",
    },
    nameKana: {
      label: "フリガナ",
      hint: "カタカナで入力（例: ヤマダ タロウ）",
      invalid: "フリガナはカタカナで、64文字以内で入力してください。",
    },
    birthDate: {
      label: "生年月日",
      invalid: "生年月日を正しく入力してください。",
    },
    email: {
      label: "メールアドレス",
      invalid: "メールアドレスの形式が正しくありません。",
    },
    phone: {
      label: "電話番号",
      hint: "ハイフンなしでも入力できます",
      invalid: "電話番号は0から始まる10桁または11桁の数字で入力してください。",
    },
    consents: {
      legend: "同意事項",
      terms: "利用規約に同意します",
      termsRequired: "会員登録には利用規約への同意が必要です。",
      marketing: "キャンペーンやお得な情報をLINEで受け取る",
    },
    submit: "会員登録する",
    submitting: "登録しています…",
    done: "登録しました",
    haveMembership: "すでに会員証をお持ちの方は",
    linkInstead: "会員連携する",
    possibleDuplicate: {
      body: "同じお名前と生年月日の会員情報がすでにあります。会員証をお持ちなら、新しく登録せずに会員連携してください。",
      link: "お持ちの会員証で会員連携する",
      confirm: "別人なので、このまま登録する",
    },
  },
};

export type LinkingMessages = typeof ja;

const en: LinkingMessages = {
  forms: {
    required: "Required",
    optional: "Optional",
    checkInput: "Please check what you entered.",
    invalidField: "Please check this field.",
  },
  linking: {
    title: "Link your membership",
    intro: "Link your membership to show your member card in LINE and to earn and use points both in store and online.",
    howPin: "Enter the member number on your card and the PIN you registered.",
    howBirthDate: "Enter the member number on your card and your registered date of birth.",
    howOtp:
      "Enter the member number on your card, tap “Send code”, then enter the 6-digit code sent to your registered email or phone.",
    loading: "Getting the form ready…",
    memberNumber: {
      label: "Member number",
      hint: "The number on your member card (e.g. 1000-0001)",
      required: "Enter your member number.",
      invalid: "Use letters, digits and hyphens (-) only, up to 32 characters.",
    },
    pin: {
      label: "PIN",
      hint: "4 to 8 digits",
      required: "Enter your PIN.",
      invalid: "Your PIN is 4 to 8 digits.",
    },
    birthDate: {
      label: "Date of birth",
      required: "Enter your date of birth.",
      invalid: "Enter a valid date of birth.",
    },
    otp: {
      label: "One-time code",
      hint: "The 6 digits we sent by email or text",
      required: "Enter the code.",
      invalid: "The code is 6 digits.",
      send: "Send code",
      sending: "Sending…",
      sent: "If the member number is right, a code is on its way to your registered email or phone. Enter it within 10 minutes.",
      needMemberNumber: "Enter your member number first, then send the code.",
      rateLimited: "Too many codes requested. Please try again later.",
    },
    submit: "Link your membership",
    submitting: "Linking your membership…",
    done: "Membership linked",
    noMembership: "No membership yet? You can become a member right here in LINE.",
    registerLink: "Become a member",
    errors: {
      invalidCredentialsPin: "The member number or PIN is not correct. Check your member card and try again.",
      invalidCredentialsBirthDate: "The member number or date of birth is not correct. Check your member card and try again.",
      invalidCredentialsOtp: "The member number or code is not correct. Try again, or send a new code.",
      remainingTries: "Tries left before linking pauses: {{count}}.",
      noTriesLeft: "Too many wrong tries, so linking is now paused. Please try again later.",
      memberLocked: "After repeated wrong tries, linking is locked for this member number. Please contact the shop.",
      rateLimited:
        "Too many attempts, so linking is paused for now. Please try again in {{minutes}} min (after {{time}} Japan time).",
      rateLimitedNoTime: "Too many attempts, so linking is paused for now. Please try again later.",
      alreadyLinked: "You have already linked your membership to this LINE account. Only one membership can be linked.",
      memberLinkedElsewhere: "This member number is linked to another LINE account. If that wasn't you, please contact the shop.",
      showCard: "Show member card",
    },
    alreadyLinked: {
      title: "Membership already linked",
      body: "You have linked member number {{memberNumber}} to this LINE account. To link another membership, unlink this one in Settings first.",
      card: "Show member card",
      settings: "Membership link settings",
    },
  },
  register: {
    title: "Become a member",
    intro: "Sign up right here in LINE. This also links your membership to this LINE account.",
    consentNote: "Only what you enter is sent to the shop. You may leave the optional fields empty.",
    name: {
      label: "Name",
      hint: "Shown on your member card",
      required: "Enter your name.",
      tooLong: "Your name can be up to 64 characters.",
    },
    nameKana: {
      label: "Name in katakana",
      hint: "Katakana (e.g. ヤマダ タロウ)",
      invalid: "Use katakana only, up to 64 characters.",
    },
    birthDate: {
      label: "Date of birth",
      invalid: "Enter a valid date of birth.",
    },
    email: {
      label: "Email",
      invalid: "Enter a valid email address.",
    },
    phone: {
      label: "Phone",
      hint: "Hyphens are optional",
      invalid: "Enter a Japanese phone number: 10 or 11 digits starting with 0.",
    },
    consents: {
      legend: "Consent",
      terms: "I accept the terms of membership",
      termsRequired: "You need to accept the terms to become a member.",
      marketing: "Send me offers and news in LINE",
    },
    submit: "Become a member",
    submitting: "Signing you up…",
    done: "Signed up",
    haveMembership: "Already have a member card?",
    linkInstead: "Link your membership",
    possibleDuplicate: {
      body: "A member with the same name and date of birth already exists. If you have a member card, link your membership instead of signing up again.",
      link: "Link your membership with your member card",
      confirm: "That's someone else: sign me up",
    },
  },
};

export const linkingMessages: { ja: LinkingMessages; en: LinkingMessages } = { ja, en };
