package doorstep.billing.domain;

public enum PaymentMethod { CASH, WECHAT_PAY, ALIPAY, BANK_CARD, BANK_TRANSFER }
