// The global `wx` (and `WechatMiniprogram` namespace) from the official typings.
/// <reference types="miniprogram-api-typings" />
