/**
 * The two private payloads of seed 001 (api-trading.coinswitch.co/hft/sockets/private), verbatim.
 * Tests compare the simulator's messages with these: the same keys in the same order, the same
 * value types.
 */
export const SEED_ORDER_MESSAGE = {
  t: 1756478182146,
  e: 'COINSWITCHX',
  event_type: 'order.linear',
  E: 1756478182146,
  T: 0,
  user_id: '491363048',
  sub_account_id: '491363048',
  o: {
    category: 'linear',
    symbol: 'SOLUSDT',
    orderId: '68a4579e-c396-4427-b055-7a8bcafbd48d',
    orderLinkId: '7b708608-7e1d-456b-aa78-43a9892c2fda',
    side: 'Buy',
    positionIdx: 0,
    orderStatus: 'Filled',
    cancelType: 'UNKNOWN',
    rejectReason: 'EC_NoError',
    timeInForce: 'IOC',
    price: '220.25',
    qty: '0.2',
    avgPrice: '209.76',
    leavesQty: '0',
    leavesValue: '0',
    cumExecQty: '0.2',
    cumExecValue: '41.952',
    cumExecFee: '0.0146832',
    orderType: 'Market',
    lastPriceOnCreated: '209.75',
    closeOnTrigger: false,
    reduceOnly: false,
    createType: 'CreateByUser',
    updatedTime: '1756478182110',
  },
};

export const SEED_TRADE_MESSAGE = {
  t: 1756478116649,
  e: 'COINSWITCHX',
  event_type: 'execution.linear',
  E: 1756478116649,
  T: 1756478116611,
  user_id: '491363048',
  sub_account_id: '491363048',
  o: [
    {
      category: 'linear',
      symbol: 'BTCUSDT',
      orderId: '316ea49e-59b3-42c5-9d71-edaf2504b0f8',
      orderLinkId: 'cf8cc52d-b749-4d97-aeb9-f44c90b94092',
      side: 'Sell',
      orderPrice: '107396.1',
      orderQty: '0.002',
      leavesQty: '0',
      createType: 'CreateByUser',
      orderType: 'Market',
      execFee: '0.07593348',
      execId: 'a1076552-0c0f-5a56-a064-5a653f9172c6',
      execPrice: '108476.4',
      execQty: '0.002',
      execType: 'Trade',
      execValue: '216.9528',
      execTime: '1756478116611',
      isMaker: false,
      feeRate: '0.00035',
      closedSize: '0.002',
      seq: 448368491576,
    },
  ],
};

/** The signature endpoint's documented answer. */
export const SEED_SIGNATURE_RESPONSE = {
  api_key: '<api key for the websocket auth message>',
  expires: 1756461000000,
  signature: '<signature hex>',
};
